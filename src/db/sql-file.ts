// The SQL files under sql/, read once: the source datasets (sql/extract/, one file for etl and watch) and
// the analytics database's statements (sql/analytics/, every write to it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQL_DIR } from '../paths.js';

const cache = new Map<string, string>();

function cached(key: string, make: () => string): string {
  let sql = cache.get(key);
  if (sql === undefined) {
    sql = make();
    cache.set(key, sql);
  }
  return sql;
}

/** A file under sql/ (`extract/population.sql`), read once. */
export function readSqlFile(path: string): string {
  return cached(path, () => readFileSync(join(SQL_DIR, path), 'utf8'));
}

/**
 * How a source dataset is read: `all` (etl: every user, or every text since the watermark) or `keys` (watch:
 * the keys of one batch, passed as array settings such as aura.user_ids).
 */
export type { DatasetRead } from '../model/datasets.js';
import type { DatasetRead } from '../model/datasets.js';

const MARKED = /--\s*@(all|keys)\s*$/;

/**
 * A source dataset's query (sql/extract/<file>) for one kind of read. One file serves both: a line ending in
 * `-- @keys` (the restriction to a batch's keys) is left out when reading all, one ending in `-- @all` when
 * reading keys. COPY takes no bind parameters, and a filter switched off at run time (`setting = '' OR
 * user_id = ANY(...)`) is one plan for both cases: the planner cannot use the index for the OR, so a keyed
 * read would scan every row. Dropping the lines gives each read the plan of its own query. `dir`: a folder whose
 * copy of the file, when it has one, is read instead (Config.extractSqlDir).
 */
export function datasetQuery(file: string, read: DatasetRead, dir?: string): string {
  const own = dir ? join(dir, file) : undefined;
  const source = own && existsSync(own) ? own : undefined;
  return cached(`${read}:${source ?? file}`, () => {
    const drop = read === 'all' ? 'keys' : 'all';
    const lines: string[] = [];
    for (const line of (source ? readFileSync(source, 'utf8') : readSqlFile(join('extract', file))).split('\n')) {
      const mark = MARKED.exec(line);
      if (!mark) lines.push(line);
      else if (mark[1] !== drop) lines.push(line.slice(0, mark.index).trimEnd());
    }
    return lines.join('\n');
  });
}

/**
 * A statement of sql/analytics/<name>.sql. A `{{slot}}` in the file is filled from `fill` (column lists that
 * depend on the configuration or on the KPIs, built and escaped by the caller); a slot left empty, or a value
 * for no slot, is a programming error.
 */
export function analyticsSql(name: string, fill: Readonly<Record<string, string>> = {}): string {
  const template = readSqlFile(join('analytics', `${name}.sql`));
  const used = new Set<string>();
  const sql = template.replace(/\{\{(\w+)\}\}/g, (_, slot: string) => {
    const value = fill[slot];
    if (value === undefined) throw new Error(`sql/analytics/${name}.sql: no value for {{${slot}}}`);
    used.add(slot);
    return value;
  });
  for (const slot of Object.keys(fill)) if (!used.has(slot)) throw new Error(`sql/analytics/${name}.sql has no {{${slot}}}`);
  return sql;
}
