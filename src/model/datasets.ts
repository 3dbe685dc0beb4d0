// The datasets extract streams out of the sources: which database, which SQL file, which typed columns.
import { KPIS, type KpiRegistry } from './kpis.js';
import type { SourceName } from './sources.js';

export type { SourceName };
export type TextSource = 'post' | 'comment' | 'message';
/** Which lines of a dataset's SQL file are read (db/sql-file.ts): all of them (etl) or a batch's keys (watch). */
export type DatasetRead = 'all' | 'keys';
export type ColumnType = 'uuid' | 'text' | 'int' | 'float' | 'bool' | 'json' | 'timestamptz';

export interface ColumnDef {
  name: string;
  type: ColumnType;
}

export interface DatasetDef {
  name: string;
  source: SourceName;
  sqlFile: string;
  kind: 'users' | 'texts';
  columns: readonly ColumnDef[];
  /** For text datasets: the key under which scores and watermarks are stored. */
  textSource?: TextSource;
  /** For text datasets: the source table its SQL file reads (progress estimates read its statistics). */
  table?: string;
  /** Which lines of the file are read (db/sql-file.ts): `all` (etl, the default) or a batch's `keys` (watch). */
  read?: DatasetRead;
  /** A folder whose copy of `sqlFile` is read in place of sql/extract/'s (Config.extractSqlDir), when it has one. */
  sqlDir?: string;
}

/** text_sources.source_id of migrations/001. */
export const TEXT_SOURCE_IDS: Readonly<Record<TextSource, number>> = { post: 1, comment: 2, message: 3 };

/**
 * Columns of a text dataset, streamed as binary COPY (copy-binary.ts). user_ref is the author's auth
 * user id (posts, comments) or the sender's social profile id (messages, mapped to the user in TS).
 */
const textColumns = (userRef: ColumnType): readonly ColumnDef[] => [
  { name: 'id', type: 'int' },
  { name: 'user_ref', type: userRef },
  { name: 'updated_at', type: 'timestamptz' },
  { name: 'active', type: 'bool' },
  { name: 'content', type: 'text' },
];

/**
 * A per-user dataset with the source columns the KPI registry reads from it (kpis.ts `reads`) that its base list
 * lacks, appended in registry order: a new KPI's query returns its input column last.
 */
function withKpiReads(def: DatasetDef, kpis: KpiRegistry): DatasetDef {
  const have = new Set(def.columns.map((c) => c.name));
  const extra: ColumnDef[] = [];
  for (const r of kpis.flatMap((k) => k.reads ?? [])) {
    if (r.dataset !== def.name || have.has(r.name)) continue;
    have.add(r.name);
    extra.push({ name: r.name, type: r.type });
  }
  return extra.length ? { ...def, columns: [...def.columns, ...extra] } : def;
}

/** The per-user datasets before the registry's reads are added. */
const BASE_USER_DATASETS: readonly DatasetDef[] = [
  { name: 'population', source: 'auth', sqlFile: 'population.sql', kind: 'users', columns: [{ name: 'user_id', type: 'uuid' }] },
  {
    name: 'social_profiles',
    source: 'social',
    sqlFile: 'social-profiles.sql',
    kind: 'users',
    columns: [
      { name: 'user_id', type: 'uuid' },
      { name: 'profile_id', type: 'int' },
      { name: 'followers_count', type: 'int' },
      { name: 'following_count', type: 'int' },
      { name: 'is_profile_incomplete', type: 'bool' },
      { name: 'interests', type: 'json' },
      { name: 'categories', type: 'json' },
    ],
  },
  {
    name: 'messaging_users',
    source: 'messaging',
    sqlFile: 'messaging-users.sql',
    kind: 'users',
    columns: [
      { name: 'messaging_user_id', type: 'int' },
      { name: 'profile_id', type: 'int' },
      { name: 'last_seen_epoch', type: 'float' },
      { name: 'messages_count', type: 'int' },
      { name: 'night_messages_count', type: 'int' },
    ],
  },
];

const userDatasetsMemo = new WeakMap<KpiRegistry, Map<string, readonly DatasetDef[]>>();

/**
 * The per-user datasets (population, social profiles, messaging users) as a registry reads them: each with the
 * input columns its KPIs need, and their queries from `sqlDir` where it has a copy (etl and watch alike).
 */
export function userDatasetsFor(kpis: KpiRegistry = KPIS, sqlDir?: string): readonly DatasetDef[] {
  let byDir = userDatasetsMemo.get(kpis);
  if (!byDir) userDatasetsMemo.set(kpis, (byDir = new Map()));
  let defs = byDir.get(sqlDir ?? '');
  if (!defs) {
    defs = BASE_USER_DATASETS.map((d) => ({ ...withKpiReads(d, kpis), ...(sqlDir ? { sqlDir } : {}) }));
    byDir.set(sqlDir ?? '', defs);
  }
  return defs;
}

export const USER_DATASETS = userDatasetsFor();

export const DATASETS: readonly DatasetDef[] = [
  ...USER_DATASETS,
  { name: 'posts', table: 'posts', source: 'social', sqlFile: 'texts-posts.sql', kind: 'texts', textSource: 'post', columns: textColumns('uuid') },
  { name: 'comments', table: 'comments', source: 'social', sqlFile: 'texts-comments.sql', kind: 'texts', textSource: 'comment', columns: textColumns('uuid') },
  { name: 'messages', table: 'messages', source: 'messaging', sqlFile: 'texts-messages.sql', kind: 'texts', textSource: 'message', columns: textColumns('int') },
];


/** Messaging user -> social profile, read at the start of a run to attribute messages early (not a stage file). */
export const MESSAGING_SENDERS: DatasetDef = {
  name: 'messaging_senders',
  source: 'messaging',
  sqlFile: 'messaging-senders.sql',
  kind: 'users',
  columns: [
    { name: 'messaging_user_id', type: 'int' },
    { name: 'profile_id', type: 'int' },
  ],
};
/**
 * Social profile -> auth user, read at the start of a run with MESSAGING_SENDERS (not a stage file); is_active
 * is true for all of etl's rows (only watch's keyed read returns inactive profiles).
 */
export const SOCIAL_PROFILE_USERS: DatasetDef = {
  name: 'social_profile_users',
  source: 'social',
  sqlFile: 'social-profile-users.sql',
  kind: 'users',
  columns: [
    { name: 'profile_id', type: 'int' },
    { name: 'user_id', type: 'uuid' },
    { name: 'is_active', type: 'bool' },
  ],
};
export const TEXT_DATASETS = DATASETS.filter((d) => d.kind === 'texts');

/** Column-oriented data of one dataset: column name -> values. */
export type Columns = Record<string, unknown[]>;

/** One text row of a text dataset. */
export interface TextRow {
  source: TextSource;
  id: number;
  /** The author's auth user id; for a message first its sender's messaging users.id, until mapped. */
  userRef: string | number;
  /** updated_at in microseconds since the Unix epoch (exact: a JS Date keeps milliseconds only). */
  updatedUs: number;
  active: boolean;
  content: string | null;
}

/** Resolves `--tables a,b` against the known datasets; unknown names are a usage error for the caller. */
export function selectDatasets(names: readonly string[] | undefined): { selected: DatasetDef[]; unknown: string[] } {
  if (!names || names.length === 0) return { selected: [...DATASETS], unknown: [] };
  const unknown = names.filter((n) => !DATASETS.some((d) => d.name === n));
  return { selected: DATASETS.filter((d) => names.includes(d.name)), unknown };
}
