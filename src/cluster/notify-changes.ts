// After a full cluster run: one NOTIFY aura_risk_updates per user whose level changed, bounded per run (SPEC §7 ws/live).
import type pg from 'pg';

/**
 * At most this many per-user messages per run. Each is one USER_RISK_UPDATE NOTIFY (about 230 bytes);
 * `serve` adds a CRITICAL_ALERT for each user who became high, so a client receives at most
 * 2 x 1,000 messages (under 0.5 MB, within the WebSocket hub's 1 MiB per-client buffer) and then the
 * run's CLUSTER_RUN. Beyond the bound the users who became high go first (highest severity first), then the
 * other changes; the CLUSTER_RUN says `refetch: true` with the number of changes, and a client reloads
 * the lists it shows instead of waiting for more messages.
 */
export const MAX_USER_NOTIFICATIONS = 1000;

export interface LevelChanges {
  /** Users whose level differs from the previous verdict (or who had none). */
  changed: number;
  /** Of those, users who became high. */
  becameHigh: number;
  /** Users announced one by one (at most MAX_USER_NOTIFICATIONS). */
  notified: number;
}

/**
 * Compares the staged verdicts (`stage_risk`) with the live ones (`user_risk_results`, not yet replaced)
 * and NOTIFYs the changes inside the run's transaction: delivered on COMMIT, dropped on ROLLBACK, so a
 * failed run announces nothing. Payloads follow src/server/notify-contract.ts: no text, no email.
 */
export async function notifyLevelChanges(client: pg.ClientBase, channel: string, updatedAt: Date, limit = MAX_USER_NOTIFICATIONS): Promise<LevelChanges> {
  const changedSql = `SELECT s.user_id_raiz, s.risk_level, o.risk_level AS previous_level, s.asi, s.severity, s.votes
    FROM stage_risk s LEFT JOIN user_risk_results o USING (user_id_raiz) WHERE o.risk_level IS DISTINCT FROM s.risk_level`;
  const counts = await client.query<{ changed: number; became_high: number }>(
    `SELECT count(*)::int AS changed, count(*) FILTER (WHERE risk_level = 'high')::int AS became_high FROM (${changedSql}) c`,
  );
  const { changed, became_high: becameHigh } = counts.rows[0];
  if (changed === 0 || limit <= 0) return { changed, becameHigh, notified: 0 };
  const sent = await client.query(
    `SELECT pg_notify($1, json_build_object('type', 'USER_RISK_UPDATE', 'payload', json_build_object(
        'user_id', c.user_id_raiz, 'risk_level', c.risk_level, 'previous_level', c.previous_level,
        'asi', c.asi, 'severity', c.severity, 'votes', c.votes, 'updated_at', $2::text))::text)
     FROM (SELECT * FROM (${changedSql}) x ORDER BY (risk_level = 'high') DESC, severity DESC, user_id_raiz LIMIT $3) c`,
    [channel, updatedAt.toISOString(), limit],
  );
  return { changed, becameHigh, notified: sent.rowCount ?? 0 };
}
