// Bearer tokens for HTTP (Authorization header) and WebSockets (subprotocol `bearer.<token>` or a first AUTH message).
import { createHash, timingSafeEqual } from 'node:crypto';

/** Subprotocol the server selects; browsers require the server to pick one of the offered protocols. */
export const WS_PROTOCOL = 'aura.v1';
/** Prefix of the subprotocol that carries the token: `new WebSocket(url, ['aura.v1', 'bearer.' + token])`. */
export const WS_BEARER_PREFIX = 'bearer.';

/**
 * Compares a candidate against every configured token in constant time: both sides are hashed to
 * 32 bytes first (timingSafeEqual needs equal lengths, and the length must not leak either), and the
 * loop never stops early.
 */
export class TokenVerifier {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  verify(candidate: string | undefined): boolean {
    if (!candidate) return false;
    const d = digest(candidate);
    let ok = false;
    for (const t of this.digests) ok = timingSafeEqual(d, t) || ok;
    return ok;
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The token of an `Authorization: Bearer <token>` header. */
export function readBearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** The token offered as a `bearer.<token>` subprotocol in a Sec-WebSocket-Protocol header. */
export function readProtocolToken(header: string | string[] | undefined): string | undefined {
  const values = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim());
  const offered = values.find((p) => p.startsWith(WS_BEARER_PREFIX));
  return offered ? offered.slice(WS_BEARER_PREFIX.length) : undefined;
}

/**
 * Picks the subprotocol to answer with: `aura.v1` when offered, so the token is not echoed back;
 * otherwise the first offered one (a client that offers only `bearer.<token>`).
 */
export function selectProtocol(protocols: Set<string>): string | false {
  if (protocols.has(WS_PROTOCOL)) return WS_PROTOCOL;
  const first = protocols.values().next();
  return first.done ? false : first.value;
}
