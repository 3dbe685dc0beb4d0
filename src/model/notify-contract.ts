// The NOTIFY contract of channel `aura_risk_updates` and how `serve` routes each message to ws/live and ws/alerts.
//
// CONTRACT (producers: `cluster` runs and `watch`; consumer: every `serve` process, LISTENing on the
// analytics database). The NOTIFY payload is one JSON object, far below PostgreSQL's 8000-byte limit:
//
//   {"type": "USER_RISK_UPDATE" | "CRITICAL_ALERT", "payload": {
//      "user_id": "<uuid>", "risk_level": "high" | "moderate" | "low",
//      "previous_level": "high" | "moderate" | "low" | null, "asi": <number 0-100>,
//      "severity": <number 0-100> (absent from producers older than migration 010: null),
//      "votes": <integer 0-3>, "updated_at": "<ISO 8601>", "reason"?: "crisis_language"}}
//   {"type": "CLUSTER_RUN", "payload": {"cluster_run_id": <n>, "level_counts": {...},
//      "changed_users": <n>, "notified_users": <n>, "refetch": <boolean>}}
//
// One NOTIFY per changed user. A producer may send USER_RISK_UPDATE only (serve derives the alert when
// risk_level is "high" and previous_level is not), CRITICAL_ALERT only (serve derives the update), or
// both for the same change (serve drops the duplicate). ws/live carries both types (the seed's dashboard
// client listens for both there), ws/alerts the alerts only. `cluster` sends, in its transaction, one
// USER_RISK_UPDATE per user whose level changed, at most MAX_USER_NOTIFICATIONS (1,000) per run, users
// who became high first (src/cluster/notify-changes.ts), then CLUSTER_RUN with its fields at the top
// level (`clusterRunId`, `levelCounts`, `changedUsers`, `notifiedUsers`, `refetch`); both forms are
// accepted. `refetch: true` means more users changed than were announced one by one: reload the lists.
// Anything else is counted as invalid and dropped: nothing unvalidated reaches a browser.
// A CRITICAL_ALERT with "reason": "crisis_language" (src/etl/crisis-texts.ts) is crisis language in the user's
// texts: risk_level is "high" whatever the ensemble voted (previous_level, asi and votes are the ensemble's).
// No text, score or count is ever sent.
import { RISK_LEVELS, type RiskLevel } from './feature-vector.js';

/** NOTIFY channel on the analytics database: `cluster` and `watch` send, every `serve` listens. */
export const RISK_UPDATES_CHANNEL = 'aura_risk_updates';

export interface UserRiskPayload {
  user_id: string;
  risk_level: RiskLevel;
  previous_level: RiskLevel | null;
  asi: number;
  /** 0-100, how broadly and strongly at risk (src/cluster/risk-severity.ts); null from older producers. */
  severity: number | null;
  votes: number;
  updated_at: string;
  /** Only on crisis-language alerts. */
  reason?: 'crisis_language';
}

export interface ClusterRunPayload {
  cluster_run_id: number | null;
  level_counts: Record<string, number> | null;
  /** Users whose level changed in this run (null from producers that do not say). */
  changed_users: number | null;
  /** Of those, users announced one by one before this message. */
  notified_users: number | null;
  /** More users changed than were announced: reload what you show. */
  refetch: boolean;
}

export type RiskNotification =
  | { type: 'USER_RISK_UPDATE' | 'CRITICAL_ALERT'; payload: UserRiskPayload }
  | { type: 'CLUSTER_RUN'; payload: ClusterRunPayload };

/** What one notification becomes on each WebSocket channel, in order (empty = nothing to send there). */
export interface RoutedMessages {
  live: RiskNotification[];
  alerts: RiskNotification[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses and validates one NOTIFY payload; undefined when it breaks the contract. */
export function parseRiskNotification(text: string): RiskNotification | undefined {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(msg)) return undefined;
  if (msg.type === 'USER_RISK_UPDATE' || msg.type === 'CRITICAL_ALERT') {
    const payload = parseUserPayload(msg.payload);
    return payload && { type: msg.type, payload };
  }
  if (msg.type === 'CLUSTER_RUN') {
    const p = isObject(msg.payload) ? msg.payload : msg;
    const id = Number(p.cluster_run_id ?? p.clusterRunId);
    const counts = p.level_counts ?? p.levelCounts;
    const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
    return {
      type: 'CLUSTER_RUN',
      payload: {
        cluster_run_id: Number.isInteger(id) ? id : null,
        level_counts: isCounts(counts) ? counts : null,
        changed_users: count(p.changed_users ?? p.changedUsers),
        notified_users: count(p.notified_users ?? p.notifiedUsers),
        refetch: p.refetch === true,
      },
    };
  }
  return undefined;
}

function parseUserPayload(p: unknown): UserRiskPayload | undefined {
  if (!isObject(p)) return undefined;
  const { user_id, risk_level, previous_level, asi, severity, votes, updated_at, reason } = p;
  if (typeof user_id !== 'string' || !UUID.test(user_id)) return undefined;
  if (!isLevel(risk_level)) return undefined;
  if (previous_level !== null && previous_level !== undefined && !isLevel(previous_level)) return undefined;
  if (typeof asi !== 'number' || !Number.isFinite(asi)) return undefined;
  if (severity !== undefined && severity !== null && (typeof severity !== 'number' || !Number.isFinite(severity))) return undefined;
  if (typeof votes !== 'number' || !Number.isInteger(votes) || votes < 0) return undefined;
  if (typeof updated_at !== 'string' || Number.isNaN(Date.parse(updated_at))) return undefined;
  // Only the contract's fields are forwarded, in a fixed shape.
  const out: UserRiskPayload = { user_id: user_id.toLowerCase(), risk_level, previous_level: previous_level ?? null, asi, severity: severity ?? null, votes, updated_at };
  if (reason === 'crisis_language') out.reason = reason;
  return out;
}

/** A user who becomes high (from moderate, low or nowhere) is a critical alert. */
export function isCriticalChange(p: UserRiskPayload): boolean {
  return p.risk_level === 'high' && p.previous_level !== 'high';
}

/**
 * Routes a valid notification to the two channels (before de-duplication): ws/live gets the update and,
 * for a user who became high, the alert after it; ws/alerts gets the alert only.
 */
export function routeRiskNotification(n: RiskNotification): RoutedMessages {
  if (n.type === 'CLUSTER_RUN') return { live: [n], alerts: [] };
  const update: RiskNotification = { type: 'USER_RISK_UPDATE', payload: n.payload };
  const alert: RiskNotification | undefined = n.type === 'CRITICAL_ALERT' || isCriticalChange(n.payload) ? { type: 'CRITICAL_ALERT', payload: n.payload } : undefined;
  return { live: alert ? [update, alert] : [update], alerts: alert ? [alert] : [] };
}

/**
 * Remembers the last `capacity` user changes sent on a channel, so a producer that NOTIFYs both
 * USER_RISK_UPDATE and CRITICAL_ALERT for one change does not reach a client twice.
 */
export class RecentChanges {
  private readonly seen = new Set<string>();
  constructor(private readonly capacity = 10_000) {}

  /** True the first time this change is offered on this channel. */
  isNew(channel: string, n: RiskNotification): boolean {
    if (n.type === 'CLUSTER_RUN') return true;
    const key = `${channel}|${n.type}|${n.payload.user_id}|${n.payload.updated_at}|${n.payload.risk_level}|${n.payload.asi}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLevel(v: unknown): v is RiskLevel {
  return typeof v === 'string' && (RISK_LEVELS as readonly string[]).includes(v);
}

function isCounts(v: unknown): v is Record<string, number> {
  return isObject(v) && Object.values(v).every((x) => typeof x === 'number');
}
