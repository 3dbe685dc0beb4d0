// The messages `serve` fans out to WebSocket clients, sent as NOTIFY aura_risk_updates in the batch transaction.
import type pg from 'pg';
import { RISK_UPDATES_CHANNEL } from '../model/notify-contract.js';
import type { RiskLevel } from '../model/feature-vector.js';
import type { JudgedUser } from './judge-users.js';
import type { UserRiskPayload } from '../model/notify-contract.js';

/** The payload of the NOTIFY contract serve validates (src/model/notify-contract.ts): one definition. */
type RiskUpdatePayload = UserRiskPayload;

export type RiskMessage = { type: 'USER_RISK_UPDATE'; payload: RiskUpdatePayload } | { type: 'CRITICAL_ALERT'; payload: RiskUpdatePayload };

/**
 * One USER_RISK_UPDATE per recomputed user, and a CRITICAL_ALERT as well when the user becomes high
 * (was not high before). Each message is one NOTIFY of about 200 bytes, far under the 8,000-byte limit.
 */
export function buildRiskMessages(judged: readonly JudgedUser[], previous: ReadonlyMap<string, RiskLevel>, updatedAt: Date): RiskMessage[] {
  const at = updatedAt.toISOString();
  const out: RiskMessage[] = [];
  for (const u of judged) {
    const prev = previous.get(u.userId) ?? null;
    const payload: RiskUpdatePayload = { user_id: u.userId, risk_level: u.verdict.level, previous_level: prev, asi: u.verdict.asi, votes: u.verdict.votes, updated_at: at };
    out.push({ type: 'USER_RISK_UPDATE', payload });
    if (u.verdict.level === 'high' && prev !== 'high') out.push({ type: 'CRITICAL_ALERT', payload });
  }
  return out;
}

/**
 * Sent inside the batch transaction: PostgreSQL delivers them on COMMIT, in order, and drops them on
 * ROLLBACK, so `serve` never announces a verdict that was not stored.
 */
export async function sendRiskMessages(client: pg.ClientBase, messages: readonly RiskMessage[]): Promise<void> {
  if (!messages.length) return;
  await client.query('SELECT pg_notify($1, m) FROM unnest($2::text[]) AS m', [RISK_UPDATES_CHANNEL, messages.map((m) => JSON.stringify(m))]);
}
