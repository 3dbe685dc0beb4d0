// The batch datasets as watch reads them: the same sql/extract/ files, restricted to one batch's keys.
import { DATASETS, MESSAGING_SENDERS, SOCIAL_PROFILE_USERS, userDatasetsFor, type DatasetDef, type TextSource } from '../model/datasets.js';
import type { Config } from '../config.js';
import type { Watermark } from '../etl/watermarks.js';
import { formatMicros } from '../etl/micros.js';

/**
 * A dataset read for the keys of one batch (its file's `-- @keys` lines, db/sql-file.ts): the same output
 * columns (so the batch decoders and transform apply unchanged), restricted to the users or texts of one batch.
 */
function keyed(def: DatasetDef): DatasetDef {
  return { ...def, read: 'keys' };
}

function named(name: string): DatasetDef {
  const def = DATASETS.find((d) => d.name === name);
  if (!def) throw new Error(`unknown dataset ${name}`);
  return keyed(def);
}

/**
 * The per-user datasets for one batch's keys, as the configuration's registry reads them (model/datasets.ts
 * userDatasetsFor): population and social_profiles take user_ids (uuid[]); messaging_users takes profile_ids
 * (bigint[]) and timezone.
 */
export function batchUserDatasets(config: Pick<Readonly<Config>, 'kpis' | 'extractSqlDir'>): Record<'population' | 'social_profiles' | 'messaging_users', DatasetDef> {
  const defs = userDatasetsFor(config.kpis, config.extractSqlDir);
  const keyedDef = (name: string) => keyed(defs.find((d) => d.name === name)!);
  return { population: keyedDef('population'), social_profiles: keyedDef('social_profiles'), messaging_users: keyedDef('messaging_users') };
}
/** Settings: batchTextSettings. */
export const BATCH_TEXTS: Readonly<Record<TextSource, DatasetDef>> = {
  post: named('posts'),
  comment: named('comments'),
  message: named('messages'),
};

/** Social profile -> auth user (and whether the profile is active) for the profiles profile_ids (bigint[]). */
export const PROFILE_OWNERS: DatasetDef = keyed(SOCIAL_PROFILE_USERS);

/**
 * Messaging user -> social profile, for the notified messaging users (messaging_user_ids, bigint[]) and the
 * senders of the batch's messages (batchTextSettings of the messages).
 */
export const MESSAGING_PROFILES: DatasetDef = keyed(MESSAGING_SENDERS);

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
