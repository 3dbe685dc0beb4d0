// The one definition of how per-user risk lists are ordered, and the keyset predicate that pages through that order.
import type { RiskSort } from '../cursor.js';

/**
 * Sort keys of user_risk_results, most urgent first; user id ascending breaks the last tie so the
 * order is total and stable. To put another key first (e.g. a crisis flag), add it at the head of
 * both lists: the ORDER BY, the keyset predicate and the cursor all follow from here. Each key is a
 * column (or expression) of user_risk_results aliased `r`, read DESC. `crisis` (1 for a user who wrote
 * crisis language in the last 30 days, listed first in the high list; 0 otherwise) comes from risk-users.ts.
 */
export const RISK_ORDER: Readonly<Record<RiskSort, readonly string[]>> = {
  severity: ['r.crisis', 'r.severity'],
  asi: ['r.crisis', 'r.asi'],
};

/** `ORDER BY` for a sort. */
export function orderBy(sort: RiskSort): string {
  return `${RISK_ORDER[sort].map((k) => `${k} DESC`).join(', ')}, r.user_id_raiz`;
}

/**
 * Rows strictly after the cursor in that order, with key values in parameters $first.. and the user
 * id in the next one. The leading `k1 <= $` bounds the index scan (risk_level, key DESC, user id).
 */
export function afterCursor(sort: RiskSort, first: number): string {
  const keys = RISK_ORDER[sort];
  const p = (i: number) => `$${first + i}`;
  const id = p(keys.length);
  const branches = keys.map((k, i) => [...keys.slice(0, i).map((e, j) => `${e} = ${p(j)}`), `${k} < ${p(i)}`].join(' AND '));
  branches.push([...keys.map((e, j) => `${e} = ${p(j)}`), `r.user_id_raiz > ${id}::uuid`].join(' AND '));
  return `(${keys[0]} <= ${p(0)} AND (${branches.map((b) => `(${b})`).join(' OR ')}))`;
}

/** The key values of a row, in RISK_ORDER order (row fields named as the key columns without `r.`). */
export function keysOf(sort: RiskSort, row: Record<string, unknown>): number[] {
  return RISK_ORDER[sort].map((k) => Number(row[k.replace(/^r\./, '')]));
}
