// Opaque keyset cursor over (asi DESC, user_id ASC): base64url of the last row's ASI and user id.
import { badRequest } from './http-errors.js';

export interface RiskCursor {
  asi: number;
  userId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** JS prints a double with the fewest digits that read back to the same double, so the keyset is exact. */
export function encodeCursor(c: RiskCursor): string {
  return Buffer.from(JSON.stringify([c.asi, c.userId]), 'utf8').toString('base64url');
}

/** Reads a cursor from a query string; a tampered or truncated one is a 400. */
export function decodeCursor(raw: string): RiskCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'number' && Number.isFinite(parsed[0]) && typeof parsed[1] === 'string' && UUID.test(parsed[1])) {
    return { asi: parsed[0], userId: parsed[1] };
  }
  throw badRequest('cursor is not valid: pass the next_cursor of the previous page unchanged');
}
