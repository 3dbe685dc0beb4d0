// The export's own Parquet encoder, without a database: binary COPY fields (as PostgreSQL sends them) through
// ColumnBuffer and ParquetFileWriter, read back by two independent readers (hyparquet and DuckDB) and compared
// value for value: every exported type, NULLs at random, NaN and -0, infinite timestamps, several row groups
// and hybrid runs, a dictionary kept, a dictionary given up, a column of NULLs only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { ColumnBuffer } from '../../src/export/parquet-column-buffer.js';
import { schemaElement, type ExportColumn } from '../../src/export/parquet-columns.js';
import { FileSink } from '../../src/export/parquet-file-sink.js';
import { ParquetFileWriter } from '../../src/export/parquet-file-writer.js';
import { tempDir } from '../support/temp-dir.js';

const PG_EPOCH_US = 946_684_800_000_000n;
const INT64_MAX = 9223372036854775807n;

const col = (name: string, kind: ExportColumn['kind'], nullable: boolean): ExportColumn => ({ name, pgType: kind, typname: kind, kind, nullable, userId: false });
const COLUMNS: ExportColumn[] = [
  col('id', 'uuid', false),
  col('n16', 'int16', true),
  col('n32', 'int32', false),
  col('n64', 'int64', true),
  col('f32', 'float', false),
  col('f64', 'double', true),
  col('flag', 'boolean', true),
  col('day', 'date', true),
  col('at', 'timestamptz', true),
  col('level', 'string', false),
  col('note', 'string', true),
  col('meta', 'json', true),
  col('nothing', 'string', true),
];
const LEVELS = ['high', 'moderate', 'low', 'ñandú ☃'];

/** A small deterministic generator (the rows must not depend on the run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** One row: each column's binary COPY field (null for NULL) and the value a reader must return. */
function makeRow(r: () => number, i: number): { fields: (Buffer | null)[]; expected: unknown[] } {
  const fields: (Buffer | null)[] = [];
  const expected: unknown[] = [];
  const put = (field: Buffer | null, value: unknown) => {
    fields.push(field);
    expected.push(field === null ? null : value);
  };
  const nul = () => r() < 0.3;
  const idBytes = Buffer.from(Array.from({ length: 16 }, () => Math.floor(r() * 256)));
  const hex = idBytes.toString('hex');
  put(idBytes, `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  const n16 = Math.floor(r() * 65536) - 32768;
  put(nul() ? null : be((b) => b.writeInt16BE(n16), 2), n16);
  const n32 = Math.floor(r() * 4294967296) - 2147483648;
  put(be((b) => b.writeInt32BE(n32), 4), n32);
  const n64 = BigInt(Math.floor(r() * 2 ** 52)) * (r() < 0.5 ? -1n : 1n) * 1024n;
  put(nul() ? null : be((b) => b.writeBigInt64BE(n64), 8), n64);
  const f32 = Math.fround((r() - 0.5) * 1e6);
  put(be((b) => b.writeFloatBE(f32), 4), f32);
  const f64 = i % 97 === 5 ? NaN : i % 89 === 3 ? -0 : (r() - 0.5) * 1e300;
  put(nul() ? null : be((b) => b.writeDoubleBE(f64), 8), f64);
  const flag = r() < 0.5;
  put(nul() ? null : Buffer.from([flag ? 1 : 0]), flag);
  const pgDays = Math.floor(r() * 20000) - 5000;
  put(nul() ? null : be((b) => b.writeInt32BE(pgDays), 4), pgDays + 10_957);
  const infinite = i === 7;
  const pgUs = infinite ? INT64_MAX : BigInt(Math.floor(r() * 2 ** 50)) - 2n ** 49n;
  put(nul() && !infinite ? null : be((b) => b.writeBigInt64BE(pgUs), 8), infinite ? INT64_MAX : pgUs + PG_EPOCH_US);
  const level = LEVELS[Math.floor(r() * LEVELS.length)];
  put(Buffer.from(level), level);
  const note = `note ${i} ${'x'.repeat(i % 13)}`;
  put(nul() ? null : Buffer.from(note), note);
  const meta = JSON.stringify({ tags: [['gaming'], ['sport', 'music'], []][i % 3] });
  put(nul() ? null : Buffer.from(meta), meta); // JSON columns read back as their text
  put(null, null);
  return { fields, expected };
}

function be(write: (b: Buffer) => void, n: number): Buffer {
  const b = Buffer.alloc(n);
  write(b);
  return b;
}

async function writeFile(file: string, rows: { fields: (Buffer | null)[] }[], groupRows: number): Promise<void> {
  const buffers = COLUMNS.map((c) => new ColumnBuffer(c, groupRows, undefined));
  const schema = [{ name: 'root', num_children: COLUMNS.length }, ...COLUMNS.map((c) => schemaElement(c, false))];
  const sink = await FileSink.open(file);
  const writer = await ParquetFileWriter.open(sink, schema, 'test', snappyCompress);
  const dictionary = COLUMNS.map((c) => c.kind !== 'uuid');
  for (const [k, row] of rows.entries()) {
    row.fields.forEach((f, i) => buffers[i].append(f ?? Buffer.alloc(0), 0, f === null ? -1 : f.length));
    if ((k + 1) % groupRows === 0 || k === rows.length - 1) {
      await writer.writeRowGroup(buffers, dictionary);
      for (const b of buffers) b.reset();
    }
  }
  await writer.finish();
  await sink.close();
}

describe('export Parquet encoder', () => {
  const r = rng(21);
  const rows = Array.from({ length: 2500 }, (_, i) => makeRow(r, i));
  const dir = tempDir('aura-parquet-encoder-');
  const file = join(dir, 'part.parquet');

  test('every type, NULLs, NaN, -0 and infinity read back equal by hyparquet, in 3 row groups with dictionaries where they pay', async () => {
    await writeFile(file, rows, 1000);
    const bytes = readFileSync(file);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const meta = parquetMetadata(ab);
    assert.equal(meta.row_groups.length, 3);
    assert.deepEqual(meta.row_groups.map((g) => Number(g.num_rows)), [1000, 1000, 500]);
    const chunk = (g: number, name: string) => meta.row_groups[g].columns.find((c) => c.meta_data!.path_in_schema[0] === name)!.meta_data!;
    assert.ok(chunk(0, 'level').dictionary_page_offset !== undefined, 'few distinct levels: a dictionary');
    assert.ok(chunk(0, 'meta').dictionary_page_offset !== undefined, 'few distinct JSON values: a dictionary');
    assert.equal(chunk(0, 'note').dictionary_page_offset, undefined, 'unique notes: no dictionary');
    assert.equal(chunk(0, 'id').dictionary_page_offset, undefined, 'ids: no dictionary');
    const n32 = rows.slice(1000, 2000).map((x) => x.expected[2] as number);
    assert.equal(chunk(1, 'n32').statistics!.min_value, Math.min(...n32));
    assert.equal(chunk(1, 'n32').statistics!.max_value, Math.max(...n32));
    assert.equal(Number(chunk(2, 'nothing').statistics!.null_count), 500);

    const objects = await parquetReadObjects({ file: ab, utf8: true, parsers: { timestampFromMicroseconds: (us: bigint) => us, dateFromDays: (d: number) => d } as never });
    assert.equal(objects.length, rows.length);
    for (const [k, o] of objects.entries()) {
      COLUMNS.forEach((c, i) => {
        const want = rows[k].expected[i];
        const got = o[c.name];
        if (typeof want === 'number' && Number.isNaN(want)) assert.ok(Number.isNaN(got), `${c.name} row ${k}`);
        else assert.deepStrictEqual(got, want, `${c.name} row ${k}`);
      });
    }
  });

  test('DuckDB reads the same file: counts, sums, extremes and text equal to the rows', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const got = (await duck.runAndReadAll(`SELECT count(*)::VARCHAR AS n, count(n16)::VARCHAR AS n16, sum(n32)::VARCHAR AS s32, min(n64)::VARCHAR AS min64,
        max(n64)::VARCHAR AS max64, count(*) FILTER (WHERE flag)::VARCHAR AS flags, count(DISTINCT level)::VARCHAR AS levels, min(id)::VARCHAR AS id,
        count(nothing)::VARCHAR AS nothing, max(day)::VARCHAR AS day, count(DISTINCT meta::VARCHAR)::VARCHAR AS metas
      FROM read_parquet('${file}')`)).getRowObjectsJson()[0];
    const column = (name: string) => rows.map((x) => x.expected[COLUMNS.findIndex((c) => c.name === name)]);
    const defined = <T>(xs: unknown[]) => xs.filter((x) => x !== null) as T[];
    const n64 = defined<bigint>(column('n64'));
    const maxDay = Math.max(...defined<number>(column('day')));
    assert.deepEqual(got, {
      n: String(rows.length),
      n16: String(defined(column('n16')).length),
      s32: String(defined<number>(column('n32')).reduce((a, b) => a + BigInt(b), 0n)),
      min64: String(n64.reduce((a, b) => (b < a ? b : a))),
      max64: String(n64.reduce((a, b) => (b > a ? b : a))),
      flags: String(column('flag').filter((x) => x === true).length),
      levels: String(LEVELS.length),
      id: (column('id') as string[]).sort()[0],
      nothing: '0',
      day: new Date(maxDay * 86_400_000).toISOString().slice(0, 10),
      metas: '3',
    });
  });
});
