// The one COPY-out and one COPY-in helper: every row that crosses a database boundary goes through here.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, parseCopyBinary, type BinaryTuple } from './copy-binary.js';
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

/**
 * Streams `COPY (<select>) TO STDOUT WITH (FORMAT binary)` as batches of rows, each tuple turned into a
 * row by `decode` (which must read every field it needs before returning).
 */
export function copyOutBinary<T>(client: pg.ClientBase, select: string, fields: number, decode: (t: BinaryTuple) => T): AsyncGenerator<T[]> {
  const raw = client.query(copyTo(`COPY (${stripSemicolon(select)}) TO STDOUT WITH (FORMAT binary)`));
  return parseCopyBinary(raw, fields, decode);
}

/** Streams the raw bytes of `COPY (<select>) TO STDOUT`, CSV as copyOut reads it or binary (for benchmarks). */
export function copyOutRaw(client: pg.ClientBase, select: string, format: 'csv' | 'binary' = 'csv'): Readable {
  const options = format === 'binary' ? 'FORMAT binary' : 'FORMAT csv, HEADER false, FORCE_QUOTE *';
  return client.query(copyTo(`COPY (${stripSemicolon(select)}) TO STDOUT WITH (${options})`));
}

/**
 * Pipes rows into `COPY <target> FROM STDIN`: CSV text, or with `format: 'binary'` the tuples of
 * CopyBinaryWriter (the header and trailer are added here). Returns rows copied.
 */
export async function copyIn(
  client: pg.ClientBase,
  target: string,
  rows: AsyncIterable<string | Buffer> | Iterable<string | Buffer> | Readable,
  opts: { header?: boolean; format?: 'csv' | 'binary' } = {},
): Promise<number> {
  const binary = opts.format === 'binary';
  return copyInStatement(client, `COPY ${target} FROM STDIN WITH (FORMAT ${binary ? 'binary' : 'csv'}${opts.header ? ', HEADER true' : ''})`, rows);
}

/**
 * Pipes rows into a whole `COPY ... FROM STDIN` statement (a sql/analytics/ file): binary when the statement
 * says `FORMAT binary`, CSV otherwise. Returns rows copied.
 */
export async function copyInStatement(
  client: pg.ClientBase,
  statement: string,
  rows: AsyncIterable<string | Buffer> | Iterable<string | Buffer> | Readable,
): Promise<number> {
  const binary = /\bFORMAT\s+binary\b/i.test(statement);
  const sink = client.query(copyFrom(stripSemicolon(statement)));
  const source = binary ? Readable.from(framed(rows as AsyncIterable<Buffer>), { objectMode: false }) : rows instanceof Readable ? rows : Readable.from(rows, { objectMode: false });
  await pipeline(source, sink);
  return Number(sink.rowCount ?? 0);
}

async function* framed(tuples: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  yield COPY_BINARY_HEADER;
  for await (const t of tuples) if (t.length) yield t;
  yield COPY_BINARY_TRAILER;
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
