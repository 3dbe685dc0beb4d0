// The sql/incremental/ twins of the batch datasets (same columns, restricted to one batch) and their settings.
import { DATASETS, type DatasetDef, type TextSource } from '../etl/datasets.js';
import type { Watermark } from '../etl/watermarks.js';
import { formatMicros } from '../etl/micros.js';

/**
 * A batch dataset read through its sql/incremental/ file of the same name: the same output columns (so
 * the batch decoders and transform apply unchanged), restricted to the users or texts of one batch.
 * streamDataset resolves files under sql/extract/, hence the relative path.
 */
function incremental(name: string): DatasetDef {
  const def = DATASETS.find((d) => d.name === name);
  if (!def) throw new Error(`unknown dataset ${name}`);
  return { ...def, sqlFile: `../incremental/${def.sqlFile}` };
}

export const BATCH_POPULATION = incremental('population');
export const BATCH_SOCIAL_PROFILES = incremental('social_profiles');
export const BATCH_MESSAGING_USERS = incremental('messaging_users');
export const BATCH_TEXTS: Readonly<Record<TextSource, DatasetDef>> = {
  post: incremental('posts'),
  comment: incremental('comments'),
  message: incremental('messages'),
};

/** Social profile -> auth user (and whether the profile is active), for references by profile id. */
export const PROFILE_OWNERS: DatasetDef = {
  name: 'profile_owners',
  source: 'social',
  sqlFile: '../incremental/profile-owners.sql',
  kind: 'users',
  columns: [
    { name: 'profile_id', type: 'int' },
    { name: 'user_id', type: 'uuid' },
    { name: 'is_active', type: 'bool' },
  ],
};

/** Messaging user -> social profile, for the notified messaging users and the senders of the batch's messages. */
export const MESSAGING_PROFILES: DatasetDef = {
  name: 'messaging_profiles',
  source: 'messaging',
  sqlFile: '../incremental/messaging-profiles.sql',
  kind: 'users',
  columns: [
    { name: 'messaging_user_id', type: 'int' },
    { name: 'profile_id', type: 'int' },
  ],
};

/**
 * A PostgreSQL array literal of already validated uuids or integer ids. It travels as a setting value
 * (a bind parameter of set_config) and is cast in SQL, so it never becomes part of the SQL text.
 */
export function arrayLiteral(values: Iterable<string | number>): string {
  return `{${[...values].join(',')}}`;
}

/** Settings of a batch text query: the watermark's inclusive lower bound and the notified keys. */
export function batchTextSettings(previous: Watermark | undefined, keys: Iterable<number>): Record<string, string> {
  return { since: previous ? formatMicros(previous.lastUs) : '-infinity', text_ids: arrayLiteral(keys) };
}
