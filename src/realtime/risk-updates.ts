// The messages `serve` fans out to WebSocket clients, sent as NOTIFY aura_risk_updates in the batch transaction.
import type pg from 'pg';
import { RISK_UPDATES_CHANNEL } from '../model/notify-contract.js';
import type { RiskLevel } from '../model/feature-vector.js';
import type { JudgedUser } from './judge-users.js';
import type { UserRiskPayload } from '../model/notify-contract.js';
import type { CrisisAlertPayload } from '../etl/crisis-texts.js';

/** The payload of the NOTIFY contract serve validates (src/model/notify-contract.ts): one definition. */
type RiskUpdatePayload = UserRiskPayload;

export type RiskMessage =
  | { type: 'USER_RISK_UPDATE'; payload: RiskUpdatePayload }
  | { type: 'CRITICAL_ALERT'; payload: RiskUpdatePayload | CrisisAlertPayload };

/**
 * One USER_RISK_UPDATE per recomputed user, and a CRITICAL_ALERT as well when the user becomes high
 * (was not high before). Each message is one NOTIFY of about 200 bytes, far under the 8,000-byte limit.
 *
 * Order (PostgreSQL delivers a transaction's NOTIFYs in order, and serve routes the first of a user's
 * messages to ws/alerts): the users who became high first, highest severity first (user id on a tie),
 * each update followed by its alert, as `cluster` orders its notifications (notify-changes.ts); then the
 * other updates in the batch's order.
 */
export function buildRiskMessages(judged: readonly JudgedUser[], previous: ReadonlyMap<string, RiskLevel>, updatedAt: Date): RiskMessage[] {
  const at = updatedAt.toISOString();
  const alerts: RiskMessage[] = [];
  const updates: RiskMessage[] = [];
  for (const u of bySeverity(judged.filter((u) => isNewlyHigh(u, previous)), (u) => ({ severity: u.verdict.severity, user_id: u.userId }))) {
    const payload = payloadOf(u, previous, at);
    alerts.push({ type: 'USER_RISK_UPDATE', payload }, { type: 'CRITICAL_ALERT', payload });
  }
  for (const u of judged) if (!isNewlyHigh(u, previous)) updates.push({ type: 'USER_RISK_UPDATE', payload: payloadOf(u, previous, at) });
  return [...alerts, ...updates];
}

function isNewlyHigh(u: JudgedUser, previous: ReadonlyMap<string, RiskLevel>): boolean {
  return u.verdict.level === 'high' && previous.get(u.userId) !== 'high';
}

function payloadOf(u: JudgedUser, previous: ReadonlyMap<string, RiskLevel>, at: string): RiskUpdatePayload {
  return { user_id: u.userId, risk_level: u.verdict.level, previous_level: previous.get(u.userId) ?? null, asi: u.verdict.asi, severity: u.verdict.severity, votes: u.verdict.votes, updated_at: at };
}

/** Highest severity first (a missing severity last), user id on a tie: the order people read alerts in. */
function bySeverity<T>(items: readonly T[], key: (t: T) => { severity: number | null; user_id: string }): T[] {
  return [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (y.severity ?? -Infinity) - (x.severity ?? -Infinity) || (x.user_id < y.user_id ? -1 : x.user_id > y.user_id ? 1 : 0);
  });
}

/**
 * Adds the crisis-language alerts, first (crisis language is the most urgent news; highest severity first
 * among them); a user who has one gets no second, ensemble-made CRITICAL_ALERT in the same batch (serve
 * would take the two for one change and might drop the one carrying the reason).
 */
export function withCrisisAlerts(messages: RiskMessage[], crisis: readonly CrisisAlertPayload[]): RiskMessage[] {
  if (!crisis.length) return messages;
  const users = new Set(crisis.map((c) => c.user_id));
  return [
    ...bySeverity(crisis, (c) => c).map((payload): RiskMessage => ({ type: 'CRITICAL_ALERT', payload })),
    ...messages.filter((m) => m.type !== 'CRITICAL_ALERT' || !users.has(m.payload.user_id)),
  ];
}

/**
 * Sent inside the batch transaction: PostgreSQL delivers them on COMMIT, in order, and drops them on
 * ROLLBACK, so `serve` never announces a verdict that was not stored.
 */
export async function sendRiskMessages(client: pg.ClientBase, messages: readonly RiskMessage[]): Promise<void> {
  if (!messages.length) return;
  await client.query('SELECT pg_notify($1, m) FROM unnest($2::text[]) AS m', [RISK_UPDATES_CHANNEL, messages.map((m) => JSON.stringify(m))]);
}
