// The transform's join: population ⋈ social profiles on user_id, then a left join of messaging users on
// profile_id, as row indices, so only the columns the KPIs read are gathered, once.
//
// Why not arquero's join (the chosen package, used here until measured): at 931,000 users its two joins
// materialise every column of both intermediate tables and its key index, and the transform's peak RSS grew by
// about 1 GB over its inputs (scratch measurement, 4.5 s); that transient was most of the 1M-user etl's peak.
// These index arrays and two hash maps give the same rows (test/etl/join-users.test.ts) with a fraction of that.
import type { Columns } from '../model/datasets.js';

export interface JoinedUsers {
  rows: number;
  /** A column of the joined table: population's user_id, a profile column, or a messaging column (undefined when no messaging row). */
  column<T>(name: string): ArrayLike<T>;
}

/** Same rows as SQL's `population JOIN profiles USING (user_id) LEFT JOIN messaging USING (profile_id)`; NULL keys match nothing. */
export function joinUsers(populationIds: readonly string[], profiles: Columns, messaging: Columns): JoinedUsers {
  const profileAt = indexByKey(profiles.user_id as unknown[]);
  const messagingAt = indexByKey(messaging.profile_id as unknown[]);
  const profileIds = profiles.profile_id as unknown[];
  const pRows: number[] = [];
  const mRows: number[] = [];
  for (const user of populationIds) {
    for (let p = profileAt.first.get(user) ?? -1; p >= 0; p = profileAt.next[p]) {
      const key = profileIds[p];
      let m = key === null || key === undefined ? -1 : (messagingAt.first.get(key) ?? -1);
      if (m < 0) {
        pRows.push(p);
        mRows.push(-1);
      }
      for (; m >= 0; m = messagingAt.next[m]) {
        pRows.push(p);
        mRows.push(m);
      }
    }
  }
  const profileRow = Int32Array.from(pRows);
  const messagingRow = Int32Array.from(mRows);
  const rows = profileRow.length;
  return {
    rows,
    column<T>(name: string): ArrayLike<T> {
      const [source, at] = name in profiles ? [profiles[name], profileRow] : name in messaging ? [messaging[name], messagingRow] : [undefined, undefined];
      if (!source || !at) throw new Error(`joined users have no column ${name}`);
      const out = new Array<T>(rows);
      for (let i = 0; i < rows; i++) out[i] = (at[i] < 0 ? undefined : source[at[i]]) as T;
      return out;
    },
  };
}

/** The last row of each key and, for each row, the previous row with the same key (-1 = none). */
function indexByKey(keys: readonly unknown[]): { first: Map<unknown, number>; next: Int32Array } {
  // One map, rows chained newest first: duplicate keys (not expected: both keys are primary keys in the
  // sources) come out in reverse row order, still deterministic.
  const first = new Map<unknown, number>();
  const next = new Int32Array(keys.length).fill(-1);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === null || k === undefined) continue;
    next[i] = first.get(k) ?? -1;
    first.set(k, i);
  }
  return { first, next };
}
