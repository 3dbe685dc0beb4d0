// Opaque keyset cursor over (score DESC, user_id ASC): base64url of the last row's score, user id and sort.
import { badRequest } from './http-errors.js';

/** Which score a per-user list is ordered by: severity (default) or the seed's ASI. */
export type RiskSort = 'severity' | 'asi';
export const RISK_SORTS: readonly RiskSort[] = ['severity', 'asi'];

export interface RiskCursor {
  /** The last row's sort key values, in the order of the list's ORDER BY (read/risk-order.ts). */
  keys: number[];
  userId: string;
  sort: RiskSort;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** JS prints a double with the fewest digits that read back to the same double, so the keyset is exact. */
export function encodeCursor(c: RiskCursor): string {
  return Buffer.from(JSON.stringify([c.keys, c.userId, c.sort]), 'utf8').toString('base64url');
}

/**
 * Reads a cursor from a query string; a tampered or truncated one, or one from a list in another
 * order, is a 400. Cursors of the ASI-only era ([asi, userId]) still read, as ?sort=asi cursors.
 */
export function decodeCursor(raw: string, sort: RiskSort = 'asi', keyCount = 1): RiskCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  // Before crisis writers were listed first, keys had no leading crisis key: such a key list reads as crisis 0.
  if (Array.isArray(parsed) && parsed.length === 2 && isKey(parsed[0])) parsed = [[parsed[0]], parsed[1], 'asi'];
  if (Array.isArray(parsed) && parsed.length === 3 && Array.isArray(parsed[0]) && parsed[0].length === keyCount - 1) parsed = [[0, ...parsed[0]], parsed[1], parsed[2]];
  if (Array.isArray(parsed) && parsed.length === 3 && Array.isArray(parsed[0]) && parsed[0].length === keyCount && parsed[0].every(isKey) && typeof parsed[1] === 'string' && UUID.test(parsed[1])) {
    if (parsed[2] !== sort) throw badRequest(`cursor belongs to a list sorted by ${String(parsed[2])}: pass the same sort as the page it came from`);
    return { keys: parsed[0], userId: parsed[1], sort };
  }
  throw badRequest('cursor is not valid: pass the next_cursor of the previous page unchanged');
}

function isKey(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
