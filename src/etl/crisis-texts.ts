// Crisis language per user (issue 16): the raw 30-day count stored beside the KPIs, and CRITICAL_ALERTs for new crisis texts.
import type pg from 'pg';
import { RISK_UPDATES_CHANNEL } from '../model/notify-contract.js';
import type { UserRiskPayload } from '../model/notify-contract.js';
import type { RiskLevel } from '../model/feature-vector.js';
import { analyticsSql } from '../db/sql-file.js';

/** A user's crisis texts are counted over this many days before the run's reference time. */
export const CRISIS_WINDOW_DAYS = 30;
/** The reason a crisis alert carries (the only crisis detail any payload or log ever holds). */
export const CRISIS_REASON = 'crisis_language';

/** Start of the counting window for a reference time. */
export function crisisWindowStart(referenceTime: Date): Date {
  return new Date(referenceTime.getTime() - CRISIS_WINDOW_DAYS * 86_400_000);
}

const COUNTS = `SELECT user_id, count(*)::integer AS n FROM text_sentiment_scores
  WHERE model_id = $1 AND crisis AND text_updated_at > $2 AND text_updated_at <= $3`;

/**
 * Sets user_feature_vector.crisis_texts_30d of every vector (etl, after the vectors are replaced): users with
 * crisis texts in the window get their count, users whose count was not zero and has no crisis text left get 0.
 * Reads only crisis rows (partial index, migration 011). Returns how many users have crisis texts.
 */
export async function storeCrisisCounts(client: pg.ClientBase, modelId: number, referenceTime: Date): Promise<number> {
  const window = [modelId, crisisWindowStart(referenceTime), referenceTime];
  await client.query(
    `UPDATE user_feature_vector v SET crisis_texts_30d = 0
     WHERE crisis_texts_30d <> 0 AND NOT EXISTS (
       SELECT 1 FROM text_sentiment_scores s WHERE s.model_id = $1 AND s.crisis AND s.user_id = v.user_id_raiz
         AND s.text_updated_at > $2 AND s.text_updated_at <= $3)`,
    window,
  );
  await client.query(
    `UPDATE user_feature_vector v SET crisis_texts_30d = c.n FROM (${COUNTS} GROUP BY user_id) c
     WHERE v.user_id_raiz = c.user_id AND v.crisis_texts_30d IS DISTINCT FROM c.n`,
    window,
  );
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM user_feature_vector WHERE crisis_texts_30d > 0');
  return Number(rows[0].n);
}

/** Crisis texts in the window of each of `users` (watch, before it writes their vectors); absent = 0. */
export async function readCrisisCounts(client: pg.ClientBase, modelId: number, users: readonly string[], referenceTime: Date): Promise<Map<string, number>> {
  if (!users.length) return new Map();
  const { rows } = await client.query<{ user_id: string; n: number }>(
    `SELECT user_id::text AS user_id, n FROM (${COUNTS} AND user_id = ANY($4::uuid[]) GROUP BY user_id) c`,
    [modelId, crisisWindowStart(referenceTime), referenceTime, users],
  );
  return new Map(rows.map((r) => [r.user_id, r.n]));
}

/** The NOTIFY contract's user payload (one definition, type only) with its reason set. */
export type CrisisAlertPayload = UserRiskPayload & { reason: typeof CRISIS_REASON };

/**
 * The CRITICAL_ALERTs owed for crisis language, and the alert state moved past them: one per user in the
 * population whose newest crisis text in the window is newer than the newest one already announced
 * (crisis_alerts). So a crisis text raises one alert, from whichever run first stores it (watch batch, etl,
 * or the etl after sharded `score` runs), and an old one never again, even after a model change re-scores it.
 * `users` restricts the search (a watch batch's users); undefined = everyone (etl).
 *
 * The payload is the NOTIFY contract's (src/model/notify-contract.ts) plus `reason`: crisis language is high
 * risk whatever the ensemble votes, so risk_level is "high"; previous_level, asi and votes are the user's
 * stored ensemble verdict (null / 0 when the ensemble has not judged the user yet). No text, score or count.
 */
export async function takeCrisisAlerts(
  client: pg.ClientBase,
  modelId: number,
  referenceTime: Date,
  users?: readonly string[],
): Promise<CrisisAlertPayload[]> {
  const { rows } = await client.query<{ user_id: string; latest: Date; risk_level: RiskLevel | null; asi: number | null; severity: number | null; votes: number | null }>(
    analyticsSql('take-crisis-alerts'),
    [modelId, crisisWindowStart(referenceTime), referenceTime, users ?? null],
  );
  const at = referenceTime.toISOString();
  return rows.map((r) => ({
    user_id: r.user_id,
    risk_level: 'high',
    previous_level: r.risk_level,
    asi: r.asi ?? 0,
    severity: r.severity ?? null,
    votes: r.votes ?? 0,
    updated_at: at,
    reason: CRISIS_REASON,
  }));
}

/** Sends the alerts as NOTIFY inside the caller's transaction (delivered on COMMIT, dropped on ROLLBACK). */
export async function sendCrisisAlerts(client: pg.ClientBase, alerts: readonly CrisisAlertPayload[]): Promise<void> {
  if (!alerts.length) return;
  await client.query('SELECT pg_notify($1, m) FROM unnest($2::text[]) AS m', [
    RISK_UPDATES_CHANNEL,
    alerts.map((payload) => JSON.stringify({ type: 'CRITICAL_ALERT', payload })),
  ]);
}
