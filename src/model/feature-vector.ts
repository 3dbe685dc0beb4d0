// The one definition of the per-user feature vector (SPEC §3), shared by SQL column lists,
// transform, loader, cluster and API schemas.

/** The six KPI columns fed to the risk ensemble, in this order. */
export const KPI_COLUMNS = [
  'reciprocity_ratio_norm',
  'days_since_last_seen_norm',
  'ratio_night_messages',
  'is_profile_incomplete',
  'sentiment_negativity_index',
  'num_community_categories_norm',
] as const;
export type KpiColumn = (typeof KPI_COLUMNS)[number];

/**
 * Which way each KPI points towards risk: +1 when a higher value is riskier, -1 when lower is.
 * KPI 6 (community categories) counts inversely: a thin support network is the risk (seed 001).
 */
export const RISK_DIRECTION: Readonly<Record<KpiColumn, 1 | -1>> = Object.freeze({
  reciprocity_ratio_norm: 1,
  days_since_last_seen_norm: 1,
  ratio_night_messages: 1,
  is_profile_incomplete: 1,
  sentiment_negativity_index: 1,
  num_community_categories_norm: -1,
});

/** Raw (un-normalised) KPI columns stored beside the normalised ones, in real units. */
export const RAW_COLUMNS = [
  'reciprocity_ratio_raw',
  'days_since_last_seen_raw',
  'num_community_categories_raw',
  'messages_count',
  'night_messages_count',
  'texts_scored',
] as const;

/** KPIs min-max normalised after winsorising at the 99th percentile (SPEC §3). */
export const NORMALISED_KPIS = [
  { raw: 'reciprocity_ratio_raw', norm: 'reciprocity_ratio_norm' },
  { raw: 'days_since_last_seen_raw', norm: 'days_since_last_seen_norm' },
  { raw: 'num_community_categories_raw', norm: 'num_community_categories_norm' },
] as const;

export type RiskLevel = 'high' | 'moderate' | 'low';
export const RISK_LEVELS: readonly RiskLevel[] = ['high', 'moderate', 'low'];

/** Column name of an interest-tag one-hot: `int_<tag>_one_hot`. */
export function interestColumn(tag: string): string {
  return `int_${slug(tag)}_one_hot`;
}
/** Column name of a community-category one-hot: `comm_<category>_one_hot`. */
export function communityColumn(category: string): string {
  return `comm_${slug(category)}_one_hot`;
}
const slugs = new Map<string, string>();

/**
 * Lower-case ASCII identifier for a tag or category ("Voluntariado" -> "voluntariado"). Tags repeat across
 * users, so results are memoised (bounded: the cache is cleared when it grows past 10,000 distinct tags).
 */
export function slug(s: string): string {
  let r = slugs.get(s);
  if (r === undefined) {
    if (slugs.size >= 10_000) slugs.clear();
    r = computeSlug(s);
    slugs.set(s, r);
  }
  return r;
}

function computeSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * Columns `transform` produces and `load` copies into its staging table, in order (the one-hot
 * columns of the configured tags follow). The negativity index and texts_scored are aggregated from
 * stored per-text scores in SQL at load time, so they are not in this list.
 */
export const TRANSFORM_COLUMNS = [
  { name: 'user_id_raiz', sql: 'uuid' },
  { name: 'reciprocity_ratio_norm', sql: 'double precision' },
  { name: 'days_since_last_seen_norm', sql: 'double precision' },
  { name: 'ratio_night_messages', sql: 'double precision' },
  { name: 'is_profile_incomplete', sql: 'boolean' },
  { name: 'num_community_categories_norm', sql: 'double precision' },
  { name: 'followers_count', sql: 'integer' },
  { name: 'following_count', sql: 'integer' },
  { name: 'reciprocity_ratio_raw', sql: 'double precision' },
  { name: 'last_seen_at', sql: 'timestamptz' },
  { name: 'days_since_last_seen_raw', sql: 'double precision' },
  { name: 'messages_count', sql: 'integer' },
  { name: 'night_messages_count', sql: 'integer' },
  { name: 'num_community_categories_raw', sql: 'integer' },
] as const;

/** The one-hot column names for a configuration, interests first; tags naming the same column give it once. */
export function oneHotColumns(interestTags: readonly string[], communityCategories: readonly string[]): string[] {
  return [...new Set([...interestTags.map(interestColumn), ...communityCategories.map(communityColumn)])];
}
