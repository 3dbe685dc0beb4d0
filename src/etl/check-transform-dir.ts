// load --in DIR trusts nothing: the manifest's fields, every file's sha256, every value's type and range, and the
// row counts, all checked before the analytics database is touched (a NaN staged as double precision is accepted
// by PostgreSQL and breaks the next cluster run).
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCopyCsv, type CsvRecord } from '../db/copy-csv-parser.js';
import { ConfigError } from '../errors.js';
import { parseReferenceTimeValue, REFERENCE_TIME_RANGE } from '../input-ranges.js';
import { TEXT_SOURCE_IDS } from '../model/datasets.js';
import { kpiColumns, transformColumns, type SqlColumn } from '../model/kpi-columns.js';
import { verifySha256, type FileEntry } from './stage-files.js';
import type { TransformManifest } from './transform-files.js';

type Check = (v: string | null) => boolean;

const KPI_COLUMNS = kpiColumns();

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ONE_HOT = /^(int|comm)_[a-z0-9_]+_one_hot$/;
const INT4_MAX = 2 ** 31 - 1;

const finite = (v: string | null): number => (v !== null && DECIMAL.test(v) ? Number(v) : NaN);
const number = (min: number, max = Infinity): Check => (v) => {
  const n = finite(v);
  return Number.isFinite(n) && n >= min && n <= max;
};
const count: Check = (v) => number(0, INT4_MAX)(v) && Number.isInteger(Number(v));
const bool: Check = (v) => v === 't' || v === 'f';
const uuid: Check = (v) => v !== null && UUID.test(v);
const timestamp: Check = (v) => v !== null && !Number.isNaN(Date.parse(v));
const nullOr = (c: Check): Check => (v) => v === null || c(v);

/**
 * What a vector column may hold, by its role in the registry: KPI columns in [0, 1] (or t/f), stored counts and raw
 * values >= 0, timestamps or NULL (a user never seen).
 */
function vectorCheck(c: SqlColumn): [Check, string] {
  if (c.sql === 'uuid') return [uuid, 'a uuid'];
  if (c.sql === 'boolean') return [bool, 't or f'];
  if (c.sql === 'integer') return [count, 'a whole number >= 0'];
  if (c.sql === 'timestamptz') return [nullOr(timestamp), 'a timestamp or empty'];
  return KPI_COLUMNS.includes(c.name) ? [number(0, 1), 'a number from 0 to 1'] : [number(0), 'a finite number >= 0'];
}
const ONE_HOT_CHECK: [Check, string] = [nullOr(bool), 't, f or empty'];

const SOURCE_IDS = new Set(Object.values(TEXT_SOURCE_IDS).map(String));
const SCORE_COLUMNS: [string, Check, string][] = [
  ['source_id', (v) => v !== null && SOURCE_IDS.has(v), `one of ${[...SOURCE_IDS].join(', ')}`],
  ['text_id', (v) => v !== null && /^\d{1,18}$/.test(v), 'a positive whole number'],
  ['user_id', nullOr(uuid), 'a uuid or empty'],
  ['score', nullOr(number(0, 1)), 'a number from 0 to 1 or empty'],
  ['text_updated_at', nullOr(timestamp), 'a timestamp or empty'],
  ['crisis', nullOr(bool), 't, f or empty'],
];

/** Throws a ConfigError (exit 2) naming the file, the line and the column of the first bad value; writes nothing. */
export async function checkTransformDir(dir: string, m: TransformManifest): Promise<void> {
  checkManifest(dir, m);
  for (const f of [m.files.vectors, m.files.scores]) {
    const path = join(dir, f.file);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) throw new ConfigError(`${dir} has no ${f.file} (manifest.json lists it): copy the whole transform folder`);
    await verifySha256(dir, f);
  }
  const checks = [...transformColumns().map((c) => [c.name, ...vectorCheck(c)] as [string, Check, string]), ...m.oneHotColumns.map((c) => [c, ...ONE_HOT_CHECK] as [string, Check, string])];
  const vectorRows = await checkCsv(dir, m.files.vectors, checks);
  if (vectorRows !== m.users) throw new ConfigError(`${dir}/manifest.json says ${m.users} users, ${m.files.vectors.file} has ${vectorRows} rows`);
  await checkCsv(dir, m.files.scores, SCORE_COLUMNS);
}

function checkManifest(dir: string, m: TransformManifest): void {
  const bad = (what: string) => new ConfigError(`${dir}/manifest.json: ${what}`);
  const whole = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  if (m.version !== 1) throw bad('version must be 1');
  if (typeof m.referenceTime !== 'string' || !parseReferenceTimeValue(m.referenceTime)) throw bad(`referenceTime must be ${REFERENCE_TIME_RANGE}`);
  if (typeof m.nlpModel !== 'string' || !m.nlpModel) throw bad('nlpModel must name the model');
  if (!whole(m.users)) throw bad('users must be a whole number >= 0');
  for (const key of ['vectors', 'scores'] as const) {
    const f = m.files?.[key] as Partial<FileEntry> | undefined;
    if (!f || typeof f.file !== 'string' || !/^[\w.-]+\.csv$/.test(f.file) || !whole(f.rows) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) {
      throw bad(`files.${key} must give file (a .csv in the folder), rows and sha256`);
    }
  }
  if (!Array.isArray(m.oneHotColumns) || !m.oneHotColumns.every((c) => typeof c === 'string' && ONE_HOT.test(c)) || new Set(m.oneHotColumns).size !== m.oneHotColumns.length) {
    throw bad('oneHotColumns must be distinct int_<tag>_one_hot / comm_<category>_one_hot names');
  }
  const finiteNumbers = (p: object) => Object.values(p).every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)));
  if (!Array.isArray(m.params) || !m.params.every((p) => p && typeof p === 'object' && typeof p.kpi === 'string' && finiteNumbers(p))) throw bad('params must be normalisation parameters with finite numbers');
  if (!m.texts || !Object.values(m.texts).every(whole)) throw bad('texts must hold whole numbers >= 0');
  if (!m.watermarks || typeof m.watermarks !== 'object') throw bad('watermarks are missing');
}

/** Checks the header and every value; returns the data rows, which must match the manifest's count. */
async function checkCsv(dir: string, f: FileEntry, columns: [string, Check, string][]): Promise<number> {
  let line = 0;
  const where = () => `${dir}/${f.file} line ${line}`;
  for await (const batch of parseCopyCsv(createReadStream(join(dir, f.file), { highWaterMark: 1 << 20 }))) {
    for (const rec of batch as CsvRecord[]) {
      line++;
      if (line === 1) {
        if (rec.length !== columns.length || rec.some((c, i) => c !== columns[i]![0])) throw new ConfigError(`${where()}: the header must be ${columns.map((c) => c[0]).join(',')}`);
        continue;
      }
      if (rec.length !== columns.length) throw new ConfigError(`${where()}: ${rec.length} values, expected ${columns.length}`);
      for (let i = 0; i < columns.length; i++) {
        const [name, check, words] = columns[i]!;
        if (!check(rec[i]!)) throw new ConfigError(`${where()}: ${name} must be ${words}`);
      }
    }
  }
  const rows = Math.max(0, line - 1);
  if (rows !== f.rows) throw new ConfigError(`${dir}/manifest.json says ${f.rows} rows in ${f.file}, the file has ${rows}`);
  return rows;
}
