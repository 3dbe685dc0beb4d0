// Transform: joins the per-user datasets (join-users.ts) and computes the normalised feature vectors (SPEC §3).
import type { Columns } from './datasets.js';
import { joinUsers } from './join-users.js';
import { communityColumn, interestColumn, slug, TRANSFORM_COLUMNS } from '../model/feature-vector.js';
import {
  computeDaysSinceLastSeen,
  computeNightMessageRatio,
  computeReciprocityRatio,
  countCommunityCategories,
  hasTag,
} from './kpis.js';
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
}

/** Column-oriented vectors: TRANSFORM_COLUMNS then one-hot columns, one entry per population user. */
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

  const followers = col<number>('followers_count');
  const following = col<number>('following_count');
  const lastSeen = col<number | null | undefined>('last_seen_epoch');
  const messages = col<number | null | undefined>('messages_count');
  const night = col<number | null | undefined>('night_messages_count');
  const categories = col<string[] | null>('categories');
  const interests = col<string[] | null>('interests');
  const userIds = col<string>('user_id');
  const incomplete = col<boolean>('is_profile_incomplete');
  opts.afterJoin?.(); // every column needed is gathered
  const refEpoch = opts.referenceTime.getTime() / 1000;

  const reciprocity = new Float64Array(n);
  const days = new Float64Array(n);
  const nightRatio = new Float64Array(n);
  const nCategories = new Int32Array(n);
  const messagesCount = new Int32Array(n);
  const nightCount = new Int32Array(n);
  const lastSeenIso: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    reciprocity[i] = computeReciprocityRatio(following[i], followers[i]);
    days[i] = computeDaysSinceLastSeen(lastSeen[i], refEpoch);
    nightRatio[i] = computeNightMessageRatio(night[i], messages[i]);
    nCategories[i] = countCommunityCategories(categories[i]);
    messagesCount[i] = messages[i] ?? 0;
    nightCount[i] = night[i] ?? 0;
    const ls = lastSeen[i];
    lastSeenIso[i] = ls === null || ls === undefined ? null : new Date(ls * 1000).toISOString();
  }

  const q = opts.winsorQuantile;
  const params = [
    fitWinsorMinMax('reciprocity_ratio', reciprocity, q),
    fitWinsorMinMax('days_since_last_seen', days, q),
    fitWinsorMinMax('num_community_categories', nCategories, q),
  ];
  const out: Record<string, ArrayLike<unknown>> = {
    user_id_raiz: userIds,
    reciprocity_ratio_norm: normalizeColumn(reciprocity, params[0]),
    days_since_last_seen_norm: normalizeColumn(days, params[1]),
    ratio_night_messages: nightRatio,
    is_profile_incomplete: incomplete,
    num_community_categories_norm: normalizeColumn(nCategories, params[2]),
    followers_count: followers,
    following_count: following,
    reciprocity_ratio_raw: reciprocity,
    last_seen_at: lastSeenIso,
    days_since_last_seen_raw: days,
    messages_count: messagesCount,
    night_messages_count: nightCount,
    num_community_categories_raw: nCategories,
  };
  const oneHot: string[] = [];
  for (const tag of opts.interestTags) addOneHot(out, oneHot, interestColumn(tag), interests, slug(tag), n);
  for (const cat of opts.communityCategories) addOneHot(out, oneHot, communityColumn(cat), categories, slug(cat), n);

  return {
    vectors: { columns: [...TRANSFORM_COLUMNS.map((c) => c.name), ...oneHot], data: out, rows: n },
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
