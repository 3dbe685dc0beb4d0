// Parses one `aura_changes` notification (sql/triggers/notify_triggers.sql) into a typed change; pure.
import type { SourceName, TextSource } from '../model/datasets.js';

/** The channel the source triggers notify on. */
export const CHANGES_CHANNEL = 'aura_changes';

/** How a notification names its user: auth uuid, social profile id or messaging user id. */
export type RefKind = 'auth_user' | 'profile' | 'messaging_user';

export interface ChangeEvent {
  source: SourceName;
  table: string;
  ref: RefKind;
  /** uuid for auth_user, a decimal id otherwise. */
  id: string;
  /** Set when the row is a text: its key, so the batch reads it even behind the watermark. */
  text?: { source: TextSource; id: number };
}

/** Which tables each source's triggers report, and what their rows are. */
const TABLES: Record<SourceName, Record<string, { ref: RefKind; text?: TextSource }>> = {
  auth: { users: { ref: 'auth_user' } },
  social: {
    user_profiles: { ref: 'auth_user' },
    complete_profiles: { ref: 'profile' },
    community_members: { ref: 'profile' },
    posts: { ref: 'auth_user', text: 'post' },
    comments: { ref: 'auth_user', text: 'comment' },
  },
  messaging: { users: { ref: 'messaging_user' }, messages: { ref: 'messaging_user', text: 'message' } },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^[1-9][0-9]{0,15}$/;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** A positive integer id that fits a JS number exactly (bigserial ids of the sources). */
export function isId(s: string): boolean {
  return ID.test(s) && Number.isSafeInteger(Number(s));
}

/**
 * The change a payload describes, or a short reason it was refused. Payloads come from another
 * database: anything malformed is refused here, and the reason never quotes the payload (it could
 * carry anything, even a text).
 */
export function parseChangePayload(source: SourceName, payload: string): ChangeEvent | { error: string } {
  if (payload.length > 8000) return { error: 'payload longer than a NOTIFY can be' };
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return { error: 'payload is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null) return { error: 'payload is not a JSON object' };
  const p = raw as Record<string, unknown>;
  if (typeof p.table !== 'string' || typeof p.ref !== 'string' || typeof p.id !== 'string') return { error: 'payload lacks table, ref or id' };
  const table = TABLES[source][p.table];
  if (!table) return { error: `table not watched on the ${source} source` };
  if (p.ref !== table.ref) return { error: `ref "${String(p.ref).slice(0, 20)}" does not match table ${p.table}` };
  const validId = table.ref === 'auth_user' ? isUuid(p.id) : isId(p.id);
  if (!validId) return { error: `malformed ${table.ref} id` };
  const event: ChangeEvent = { source, table: p.table, ref: table.ref, id: table.ref === 'auth_user' ? p.id.toLowerCase() : p.id };
  if (table.text) {
    if (typeof p.key !== 'string' || !isId(p.key)) return { error: `malformed ${p.table} key` };
    event.text = { source: table.text, id: Number(p.key) };
  }
  return event;
}
