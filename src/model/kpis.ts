// The KPI registry: the one place that names the behavioural KPIs (SPEC §3). Vectors, history, upserts,
// normalisation, fences and reasons, watch, the charts' labels and the synthetic generator derive from it
// (kpi-columns.ts builds the column lists). Adding a KPI = one entry here, its input column in one source
// query (sql/, appended to that dataset's columns) and a migration adding its columns to user_feature_vector
// and user_feature_history (README "How to add a KPI").
import { computeDaysSinceLastSeen, computeNightMessageRatio, computeReciprocityRatio, countCommunityCategories } from './kpi-formulas.js';

/** What a KPI's formula reads: the joined per-user source columns (datasets' column names) and the reference time. */
export interface KpiInput {
  rows: number;
  /** A joined source column (population user_id, a social profile column, or a messaging column: undefined without one). */
  column<T>(name: string): ArrayLike<T>;
  /** The run's reference time, seconds since the Unix epoch. */
  referenceEpoch: number;
}

/** What a KPI's formula gives, one entry per user. */
export interface KpiValues {
  /** The KPI in real units: stored in `raw`, and min-max scaled into `column` when `normalised` (else stored as is). */
  raw: ArrayLike<number | boolean>;
  /** The `stored` input columns, by name. */
  stored?: Record<string, ArrayLike<unknown>>;
}

export type KpiSqlType = 'double precision' | 'boolean' | 'integer' | 'timestamptz';

/** A source column a KPI reads: the dataset that carries it (its query returns it last, in this order). */
export interface KpiRead {
  name: string;
  dataset: 'social_profiles' | 'messaging_users';
  type: 'int' | 'float' | 'bool' | 'json';
}

export interface KpiDef {
  /**
   * The KPI's name in real units: reasons and fences carry it, normalisation parameters are stored under
   * it (normalization_params.kpi). For a KPI stored unscaled it is its column's name.
   */
  name: string;
  /** The user_feature_vector (and history) column the ensemble reads, in [0, 1]. */
  column: string;
  /** SQL type of `column`. */
  sql: 'double precision' | 'boolean';
  /** The stored column in real units (equal to `column` when stored unscaled). */
  raw: string;
  /** SQL type of `raw` when it is its own column. */
  rawSql?: 'double precision' | 'integer';
  /** Winsorised at the run's quantile, then min-max scaled (SPEC §3); parameters stored per run. */
  normalised: boolean;
  /** +1 when a higher value is riskier, -1 when a lower one is. */
  riskDirection: 1 | -1;
  /** Display names in charts and dashboards. */
  labels: { es: string; en: string };
  /** The raw value's unit, shown beside the label where raw values are (the dashboard's reasons and fences). */
  unit?: { es: string; en: string };
  /** The synthetic generator's name for the KPI's planted extreme (src/synth/planting.ts); absent: never planted. */
  planting?: string;
  /** Source columns the formula reads (beyond what every dataset carries, they are appended to the dataset). */
  reads?: readonly KpiRead[];
  /** Input columns stored beside the KPI in real units (watch's catch-up compares them with the sources). */
  stored?: readonly { name: string; sql: KpiSqlType }[];
  /** The raw value moves with the reference time: watch's catch-up does not compare it (the daily etl's job). */
  clock?: boolean;
  /** The formula, over all users at once; absent for the negativity index, aggregated from the stored text scores at load. */
  compute?: (input: KpiInput) => KpiValues;
}

/** The KPIs fed to the risk ensemble, in vector order. */
export type KpiRegistry = readonly KpiDef[];

/** The column a KPI's negativity comes from: the mean of the user's stored text scores (not computed by transform). */
export function isFromScores(k: KpiDef): boolean {
  return k.compute === undefined;
}

/** The six KPIs of SPEC §3. */
export const KPIS: KpiRegistry = Object.freeze([
  {
    // KPI 1: following / max(followers, 1).
    name: 'reciprocity_ratio',
    column: 'reciprocity_ratio_norm',
    sql: 'double precision',
    raw: 'reciprocity_ratio_raw',
    rawSql: 'double precision',
    normalised: true,
    riskDirection: 1,
    labels: { es: 'Reciprocidad', en: 'Reciprocity' },
    unit: { es: 'seguidos/seguidores', en: 'following/followers' },
    planting: 'reciprocity',
    reads: [
      { name: 'followers_count', dataset: 'social_profiles', type: 'int' },
      { name: 'following_count', dataset: 'social_profiles', type: 'int' },
    ],
    stored: [
      { name: 'followers_count', sql: 'integer' },
      { name: 'following_count', sql: 'integer' },
    ],
    compute: ({ rows, column }) => {
      const followers = column<number>('followers_count');
      const following = column<number>('following_count');
      const raw = new Float64Array(rows);
      for (let i = 0; i < rows; i++) raw[i] = computeReciprocityRatio(following[i], followers[i]);
      return { raw, stored: { followers_count: followers, following_count: following } };
    },
  },
  {
    // KPI 2: fractional days since last seen; 365 when never seen.
    name: 'days_since_last_seen',
    column: 'days_since_last_seen_norm',
    sql: 'double precision',
    raw: 'days_since_last_seen_raw',
    rawSql: 'double precision',
    normalised: true,
    riskDirection: 1,
    labels: { es: 'Días sin conexión', en: 'Days since last seen' },
    unit: { es: 'días', en: 'days' },
    planting: 'lastSeen',
    reads: [{ name: 'last_seen_epoch', dataset: 'messaging_users', type: 'float' }],
    stored: [{ name: 'last_seen_at', sql: 'timestamptz' }],
    clock: true,
    compute: ({ rows, column, referenceEpoch }) => {
      const lastSeen = column<number | null | undefined>('last_seen_epoch');
      const raw = new Float64Array(rows);
      const iso: (string | null)[] = new Array(rows);
      for (let i = 0; i < rows; i++) {
        const ls = lastSeen[i];
        raw[i] = computeDaysSinceLastSeen(ls, referenceEpoch);
        iso[i] = ls === null || ls === undefined ? null : new Date(ls * 1000).toISOString();
      }
      return { raw, stored: { last_seen_at: iso } };
    },
  },
  {
    // KPI 3: night messages / messages (night counted in SQL, in the configured zone).
    name: 'ratio_night_messages',
    column: 'ratio_night_messages',
    sql: 'double precision',
    raw: 'ratio_night_messages',
    normalised: false,
    riskDirection: 1,
    labels: { es: 'Mensajes nocturnos', en: 'Night messages' },
    unit: { es: 'fracción', en: 'share' },
    planting: 'night',
    reads: [
      { name: 'messages_count', dataset: 'messaging_users', type: 'int' },
      { name: 'night_messages_count', dataset: 'messaging_users', type: 'int' },
    ],
    stored: [
      { name: 'messages_count', sql: 'integer' },
      { name: 'night_messages_count', sql: 'integer' },
    ],
    compute: ({ rows, column }) => {
      const messages = column<number | null | undefined>('messages_count');
      const night = column<number | null | undefined>('night_messages_count');
      const raw = new Float64Array(rows);
      const messagesCount = new Int32Array(rows);
      const nightCount = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        raw[i] = computeNightMessageRatio(night[i], messages[i]);
        messagesCount[i] = messages[i] ?? 0;
        nightCount[i] = night[i] ?? 0;
      }
      return { raw, stored: { messages_count: messagesCount, night_messages_count: nightCount } };
    },
  },
  {
    // KPI 4: bio blank and no complete profile, decided in the source query.
    name: 'is_profile_incomplete',
    column: 'is_profile_incomplete',
    sql: 'boolean',
    raw: 'is_profile_incomplete',
    normalised: false,
    riskDirection: 1,
    labels: { es: 'Perfil incompleto', en: 'Incomplete profile' },
    planting: 'incomplete',
    reads: [{ name: 'is_profile_incomplete', dataset: 'social_profiles', type: 'bool' }],
    compute: ({ column }) => ({ raw: column<boolean>('is_profile_incomplete') }),
  },
  {
    // KPI 5: the mean negativity of the user's texts (NLP), from the stored per-text scores.
    name: 'sentiment_negativity_index',
    column: 'sentiment_negativity_index',
    sql: 'double precision',
    raw: 'sentiment_negativity_index',
    normalised: false,
    riskDirection: 1,
    labels: { es: 'Negatividad', en: 'Negativity' },
    unit: { es: '0-1', en: '0-1' },
    planting: 'negativity',
  },
  {
    // KPI 6: distinct community categories; a thin support network is the risk (seed 001).
    name: 'num_community_categories',
    column: 'num_community_categories_norm',
    sql: 'double precision',
    raw: 'num_community_categories_raw',
    rawSql: 'integer',
    normalised: true,
    riskDirection: -1,
    labels: { es: 'Categorías de comunidad', en: 'Community categories' },
    planting: 'isolation',
    reads: [{ name: 'categories', dataset: 'social_profiles', type: 'json' }],
    compute: ({ rows, column }) => {
      const categories = column<string[] | null>('categories');
      const raw = new Int32Array(rows);
      for (let i = 0; i < rows; i++) raw[i] = countCommunityCategories(categories[i]);
      return { raw };
    },
  },
] satisfies KpiDef[]);
