// The datasets extract streams out of the sources: which database, which SQL file, which typed columns.

export type SourceName = 'auth' | 'social' | 'messaging';
export type TextSource = 'post' | 'comment' | 'message';
export type ColumnType = 'uuid' | 'text' | 'int' | 'float' | 'bool' | 'json';

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
}

/** text_sources.source_id of migrations/001. */
export const TEXT_SOURCE_IDS: Readonly<Record<TextSource, number>> = { post: 1, comment: 2, message: 3 };

const TEXT_COLUMNS: readonly ColumnDef[] = [
  { name: 'id', type: 'int' },
  { name: 'user_ref', type: 'text' },
  { name: 'updated_us', type: 'int' },
  { name: 'updated_at', type: 'text' },
  { name: 'active', type: 'bool' },
  { name: 'content', type: 'text' },
];

export const DATASETS: readonly DatasetDef[] = [
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
  { name: 'posts', source: 'social', sqlFile: 'texts-posts.sql', kind: 'texts', textSource: 'post', columns: TEXT_COLUMNS },
  { name: 'comments', source: 'social', sqlFile: 'texts-comments.sql', kind: 'texts', textSource: 'comment', columns: TEXT_COLUMNS },
  { name: 'messages', source: 'messaging', sqlFile: 'texts-messages.sql', kind: 'texts', textSource: 'message', columns: TEXT_COLUMNS },
];

export const USER_DATASETS = DATASETS.filter((d) => d.kind === 'users');
export const TEXT_DATASETS = DATASETS.filter((d) => d.kind === 'texts');

/** Decodes one CSV field of COPY output (NULL arrives as null). */
export function decodeValue(type: ColumnType, raw: string | null): unknown {
  if (raw === null) return null;
  switch (type) {
    case 'int':
    case 'float':
      return Number(raw);
    case 'bool':
      return raw === 't' || raw === 'true';
    case 'json':
      return JSON.parse(raw);
    default:
      return raw;
  }
}

/** Column-oriented data of one dataset: column name -> values. */
export type Columns = Record<string, unknown[]>;

/** One text row of a text dataset. */
export interface TextRow {
  source: TextSource;
  id: number;
  userRef: string;
  updatedUs: number;
  /** updated_at as PostgreSQL printed it (UTC): passed through to the score table untouched. */
  updatedAt: string;
  active: boolean;
  content: string | null;
}

export function decodeTextRow(source: TextSource, r: readonly (string | null)[]): TextRow {
  return { source, id: Number(r[0]), userRef: r[1]!, updatedUs: Number(r[2]), updatedAt: r[3]!, active: r[4] === 't' || r[4] === 'true', content: r[5] };
}

/** Resolves `--tables a,b` against the known datasets; unknown names are a usage error for the caller. */
export function selectDatasets(names: readonly string[] | undefined): { selected: DatasetDef[]; unknown: string[] } {
  if (!names || names.length === 0) return { selected: [...DATASETS], unknown: [] };
  const unknown = names.filter((n) => !DATASETS.some((d) => d.name === n));
  return { selected: DATASETS.filter((d) => names.includes(d.name)), unknown };
}
