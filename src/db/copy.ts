// The one COPY-out and one COPY-in helper: every row that crosses a database boundary goes through here.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { parseCopyCsv, type CsvRecord } from './copy-csv-parser.js';

export type CsvValue = string | number | boolean | null | undefined | Date;

/**
 * Session settings become `current_setting('aura.<name>')` inside the SQL: COPY takes no bind
 * parameters, and this keeps values out of the SQL text (no string concatenation of input).
 */
export async function applySettings(client: pg.ClientBase, settings: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(settings)) {
    await client.query('SELECT set_config($1, $2, false)', [`aura.${name}`, value]);
  }
}

/**
 * Streams `COPY (<select>) TO STDOUT` as batches of parsed CSV records (arrays of strings; NULL -> null).
 * COPY chunks split rows anywhere (even inside a UTF-8 character); the parser reassembles them.
 */
export function copyOut(client: pg.ClientBase, select: string): AsyncGenerator<CsvRecord[]> {
  // With FORCE_QUOTE every non-NULL value is quoted, so an unquoted empty field is NULL.
  return parseCopyCsv(copyOutRaw(client, select));
}

/** Streams raw CSV bytes of `COPY (<select>) TO STDOUT` (for files and benchmarks). */
export function copyOutRaw(client: pg.ClientBase, select: string): Readable {
  return client.query(copyTo(`COPY (${stripSemicolon(select)}) TO STDOUT WITH (FORMAT csv, HEADER false, FORCE_QUOTE *)`));
}

/** Pipes CSV text (one string per chunk of rows) into `COPY <target> FROM STDIN (FORMAT csv)`. Returns rows copied. */
export async function copyIn(
  client: pg.ClientBase,
  target: string,
  csv: AsyncIterable<string | Buffer> | Iterable<string | Buffer> | Readable,
  opts: { header?: boolean } = {},
): Promise<number> {
  const sink = client.query(copyFrom(`COPY ${target} FROM STDIN WITH (FORMAT csv${opts.header ? ', HEADER true' : ''})`));
  const source = csv instanceof Readable ? csv : Readable.from(csv, { objectMode: false });
  await pipeline(source, sink);
  return Number(sink.rowCount ?? 0);
}

/** One CSV line for COPY: NULL is an empty unquoted field, strings are always quoted. */
export function csvLine(row: readonly CsvValue[]): string {
  let s = '';
  for (let i = 0; i < row.length; i++) {
    if (i) s += ',';
    s += csvField(row[i]);
  }
  return s + '\n';
}

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  return '"' + (v.includes('"') ? v.replace(/"/g, '""') : v) + '"';
}

function stripSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
