// Transform: joins the per-user datasets (join-users.ts) and computes the normalised feature vectors (SPEC §3).
import type { Columns } from '../model/datasets.js';
import { joinUsers } from './join-users.js';
import { communityColumn, interestColumn, slug } from '../model/feature-vector.js';
import { transformColumns } from '../model/kpi-columns.js';
import { hasTag } from '../model/kpi-formulas.js';
import { isFromScores, KPIS, type KpiRegistry } from '../model/kpis.js';
import { fitWinsorMinMax, normalizeColumn, type NormParams } from './normalize.js';

export interface UserDatasets {
  population: Columns;
  social_profiles: Columns;
  messaging_users: Columns;
}

export interface TransformOptions {
  referenceTime: Date;
  interestTags: readonly string[];
  communityCategories: readonly string[];
  /** @default 0.99 */
  winsorQuantile: number;
  /** Called once the columns the KPIs read are gathered from the inputs: a caller may free the inputs then. */
  afterJoin?: () => void;
  /** The KPIs to compute. @default KPIS */
  kpis?: KpiRegistry;
}

/** Column-oriented vectors: transformColumns(kpis) then one-hot columns, one entry per population user. */
export interface VectorTable {
  columns: string[];
  data: Record<string, ArrayLike<unknown>>;
  rows: number;
}

export interface TransformResult {
  vectors: VectorTable;
  params: NormParams[];
}

export function buildFeatureVectors(data: UserDatasets, opts: TransformOptions): TransformResult {
  // user_id is aura_auth's primary key; duplicates are dropped anyway.
  // Population = active auth users with an active social profile (SPEC §2); messaging is optional.
  const joined = joinUsers([...new Set(data.population.user_id as string[])], data.social_profiles, data.messaging_users);
  const n = joined.rows;
  const col = <T>(name: string) => joined.column<T>(name);

  const kpis = opts.kpis ?? KPIS;
  const computed = kpis.filter((k) => !isFromScores(k));
  // Every column a formula reads is gathered (once) before the inputs may be freed.
  const gathered = new Map<string, ArrayLike<unknown>>();
  for (const name of ['user_id', 'interests', 'categories', ...computed.flatMap((k) => (k.reads ?? []).map((r) => r.name))]) {
    if (!gathered.has(name)) gathered.set(name, col(name));
  }
  opts.afterJoin?.(); // every column needed is gathered
  const input = {
    rows: n,
    referenceEpoch: opts.referenceTime.getTime() / 1000,
    column<T>(name: string): ArrayLike<T> {
      const c = gathered.get(name);
      if (!c) throw new Error(`a KPI formula reads ${name}, which its registry entry does not list in reads`);
      return c as ArrayLike<T>;
    },
  };
  const categories = input.column<string[] | null>('categories');
  const interests = input.column<string[] | null>('interests');

  const q = opts.winsorQuantile;
  const params: NormParams[] = [];
  const out: Record<string, ArrayLike<unknown>> = { user_id_raiz: input.column<string>('user_id') };
  for (const k of computed) {
    const values = k.compute!(input);
    Object.assign(out, values.stored);
    if (k.raw !== k.column) out[k.raw] = values.raw;
    if (k.normalised) {
      const p = fitWinsorMinMax(k.name, values.raw as ArrayLike<number>, q);
      params.push(p);
      out[k.column] = normalizeColumn(values.raw as ArrayLike<number>, p);
    } else out[k.column] = values.raw;
  }
  const oneHot: string[] = [];
  for (const tag of opts.interestTags) addOneHot(out, oneHot, interestColumn(tag), interests, slug(tag), n);
  for (const cat of opts.communityCategories) addOneHot(out, oneHot, communityColumn(cat), categories, slug(cat), n);

  return {
    vectors: { columns: [...transformColumns(kpis).map((c) => c.name), ...oneHot], data: out, rows: n },
    params,
  };
}

function addOneHot(
  out: Record<string, ArrayLike<unknown>>,
  names: string[],
  column: string,
  values: ArrayLike<string[] | null>,
  tagSlug: string,
  n: number,
): void {
  if (names.includes(column)) return;
  const flags = new Array<boolean>(n);
  for (let i = 0; i < n; i++) flags[i] = hasTag(values[i], tagSlug);
  out[column] = flags;
  names.push(column);
}

/**
 * Messaging user id -> auth user id, through the social profile: how a message (whose text query gives its
 * sender's messaging users.id) is attributed. Senders without an active social profile map to nothing and
 * their messages stay unattributed. `senders` holds messaging_user_id and profile_id columns (the
 * messaging_users dataset, or MESSAGING_SENDERS).
 */
export function mapSendersToUsers(profiles: Columns, senders: Columns): Map<number, string> {
  const users = new Map<number, string>();
  const profileIds = profiles.profile_id as number[];
  const userIds = profiles.user_id as string[];
  for (let i = 0; i < profileIds.length; i++) users.set(profileIds[i], userIds[i]);
  const senderIds = senders.messaging_user_id as number[];
  const senderProfiles = senders.profile_id as number[];
  const map = new Map<number, string>();
  for (let i = 0; i < senderIds.length; i++) {
    const user = users.get(senderProfiles[i]);
    if (user !== undefined) map.set(senderIds[i], user);
  }
  return map;
}
