// The datasets extract streams out of the sources: which database, which SQL file, which typed columns.
import { PG_EPOCH_US, readInt64, readUuid, type BinaryTuple } from '../db/copy-binary.js';
import { csvLine } from '../db/copy.js';
import { KPIS } from '../model/kpis.js';
import type { SourceName } from '../model/sources.js';
import { formatMicros, parseMicros } from './micros.js';

export type { SourceName };
export type TextSource = 'post' | 'comment' | 'message';
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
function withKpiReads(def: DatasetDef): DatasetDef {
  const have = new Set(def.columns.map((c) => c.name));
  const extra: ColumnDef[] = [];
  for (const r of KPIS.flatMap((k) => k.reads ?? [])) {
    if (r.dataset !== def.name || have.has(r.name)) continue;
    have.add(r.name);
    extra.push({ name: r.name, type: r.type });
  }
  return extra.length ? { ...def, columns: [...def.columns, ...extra] } : def;
}

export const DATASETS: readonly DatasetDef[] = [
  { name: 'population', source: 'auth', sqlFile: 'population.sql', kind: 'users', columns: [{ name: 'user_id', type: 'uuid' }] },
  withKpiReads({
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
  }),
  withKpiReads({
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
  }),
  { name: 'posts', source: 'social', sqlFile: 'texts-posts.sql', kind: 'texts', textSource: 'post', columns: textColumns('uuid') },
  { name: 'comments', source: 'social', sqlFile: 'texts-comments.sql', kind: 'texts', textSource: 'comment', columns: textColumns('uuid') },
  { name: 'messages', source: 'messaging', sqlFile: 'texts-messages.sql', kind: 'texts', textSource: 'message', columns: textColumns('int') },
];

export const USER_DATASETS = DATASETS.filter((d) => d.kind === 'users');

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
/** Social profile -> auth user, read at the start of a run with MESSAGING_SENDERS (not a stage file). */
export const SOCIAL_PROFILE_USERS: DatasetDef = {
  name: 'social_profile_users',
  source: 'social',
  sqlFile: 'social-profile-users.sql',
  kind: 'users',
  columns: [
    { name: 'profile_id', type: 'int' },
    { name: 'user_id', type: 'uuid' },
  ],
};
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
    case 'timestamptz':
      return parseMicros(raw);
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
  /** The author's auth user id; for a message first its sender's messaging users.id, until mapped. */
  userRef: string | number;
  /** updated_at in microseconds since the Unix epoch (exact: a JS Date keeps milliseconds only). */
  updatedUs: number;
  active: boolean;
  content: string | null;
}

/** A text row from a binary COPY tuple of the text columns. */
export function decodeBinaryTextRow(source: TextSource, t: BinaryTuple): TextRow {
  const { buf, start, len } = t;
  return {
    source,
    id: readInt64(buf, start[0]),
    userRef: source === 'message' ? readInt64(buf, start[1]) : readUuid(buf, start[1]),
    updatedUs: readInt64(buf, start[2]) + PG_EPOCH_US,
    active: buf[start[3]] === 1,
    content: len[4] < 0 ? null : buf.toString('utf8', start[4], start[4] + len[4]),
  };
}

/** A text row from a CSV record of a stage file (`extract --out`), the inverse of `textRowCsv`. */
export function decodeTextRow(source: TextSource, r: readonly (string | null)[]): TextRow {
  return { source, id: Number(r[0]), userRef: source === 'message' ? Number(r[1]) : r[1]!, updatedUs: parseMicros(r[2]!), active: r[3] === 't' || r[3] === 'true', content: r[4] };
}

/** A text row as a stage-file CSV line (the text columns, updated_at as ISO-8601 with microseconds). */
export function textRowCsv(r: TextRow): string {
  return csvLine([r.id, r.userRef, formatMicros(r.updatedUs), r.active, r.content]);
}

/** Resolves `--tables a,b` against the known datasets; unknown names are a usage error for the caller. */
export function selectDatasets(names: readonly string[] | undefined): { selected: DatasetDef[]; unknown: string[] } {
  if (!names || names.length === 0) return { selected: [...DATASETS], unknown: [] };
  const unknown = names.filter((n) => !DATASETS.some((d) => d.name === n));
  return { selected: DATASETS.filter((d) => names.includes(d.name)), unknown };
}
