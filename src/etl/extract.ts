// Extract: streams the pushed-down source queries of sql/extract/ out with COPY.
import type pg from 'pg';
import { PG_EPOCH_US, readInt64, readUuid, type BinaryTuple } from '../db/copy-binary.js';
import { applySettings, copyOut, copyOutBinary } from '../db/copy.js';
import { connectSource, describePgError, type SourcePools } from '../db/connections.js';
import { datasetQuery } from '../db/sql-file.js';
import { SourceError } from '../errors.js';
import { type ColumnType, type Columns, type DatasetDef, type TextRow } from '../model/datasets.js';
import { decodeBinaryTextRow, decodeValue } from './text-rows.js';
import { formatMicros } from './micros.js';
import { WHOLE, WatermarkTracker, type Shard, type Watermark } from './watermarks.js';

export interface ExtractSettings {
  timezone: string;
}

/** A dataset's query as its read (`all` or a batch's `keys`) takes it from its sql/extract/ file. */
export function datasetSql(def: Pick<DatasetDef, 'sqlFile' | 'read' | 'sqlDir'>): string {
  return datasetQuery(def.sqlFile, def.read ?? 'all', def.sqlDir);
}

/**
 * Streams one dataset as batches of raw records. The client is released when the stream ends or fails; a failure
 * becomes a SourceError naming the dataset.
 */
export function streamDataset(pools: SourcePools, def: DatasetDef, settings: Record<string, string>): AsyncGenerator<(string | null)[][]> {
  return streamWith(pools, def, settings, (client, sql) => copyOut(client, sql));
}

/** Streams a text dataset (binary COPY) as batches of text rows, as streamDataset does records. */
export function streamTextDataset(pools: SourcePools, def: DatasetDef, settings: Record<string, string>): AsyncGenerator<TextRow[]> {
  return streamWith(pools, def, settings, (client, sql) => readTextRows(client, sql, def));
}

/** The rows of a text dataset's query on a client, decoded from binary COPY. */
export function readTextRows(client: pg.ClientBase, sql: string, def: DatasetDef): AsyncGenerator<TextRow[]> {
  const source = def.textSource!;
  return copyOutBinary(client, sql, def.columns.length, (t) => decodeBinaryTextRow(source, t));
}

async function* streamWith<T>(
  pools: SourcePools,
  def: DatasetDef,
  settings: Record<string, string>,
  read: (client: pg.ClientBase, sql: string) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  const client = await connectSource(pools, def.source);
  // A connection left mid-COPY (failure, or a consumer that stopped early) is destroyed, not reused.
  let finished = false;
  try {
    await applySettings(client, settings);
    yield* read(client, datasetSql(def));
    finished = true;
  } catch (err) {
    throw new SourceError(`reading ${def.name} from the ${def.source} source failed: ${describePgError(err)}`, { cause: err });
  } finally {
    client.release(!finished);
  }
}

/** Distinct JSON values kept per collected dataset; past this, values are parsed without sharing. */
const JSON_SHARE_LIMIT = 100_000;

/**
 * Reads a (one row per user) dataset from its source into typed columns through binary COPY, as
 * collectColumns does from CSV records, with the same values: at 1M users the CSV parse was most of
 * the per-user read in node.
 */
export async function collectDataset(pools: SourcePools, def: DatasetDef, settings: Record<string, string>): Promise<Columns> {
  let cols: Columns = {};
  for await (const c of streamWith(pools, def, settings, async function* (client, sql) {
    yield await readColumnsBinary(client, sql, def);
  }))
    cols = c;
  return cols;
}

/** A dataset's query on a client as typed columns, decoded from binary COPY. */
export async function readColumnsBinary(client: pg.ClientBase, sql: string, def: DatasetDef): Promise<Columns> {
  const cols: Columns = {};
  for (const c of def.columns) cols[c.name] = [];
  const arrays = def.columns.map((c) => cols[c.name]);
  const json = sharedJson();
  const decoders = def.columns.map((c) => binaryDecoder(c.type, c.name, json));
  const add = ({ buf, start, len }: BinaryTuple) => {
    for (let i = 0; i < arrays.length; i++) arrays[i].push(len[i] < 0 ? null : decoders[i](buf, start[i], len[i]));
  };
  for await (const batch of copyOutBinary(client, sql, def.columns.length, add)) void batch;
  return cols;
}

type FieldDecoder = (buf: Buffer, at: number, len: number) => unknown;

/**
 * One column's binary decoder, giving what decodeValue gives from CSV. Integer and float columns are read
 * by their width (int2/int4/int8, float4/float8): the SQL must not return numeric (cast it).
 */
function binaryDecoder(type: ColumnType, name: string, json: (raw: string) => unknown): FieldDecoder {
  const bad = (len: number): never => {
    throw new Error(`column ${name}: a ${type} field of ${len} bytes`);
  };
  switch (type) {
    case 'uuid':
      return (buf, at, len) => (len === 16 ? readUuid(buf, at) : bad(len));
    case 'int':
      return (buf, at, len) => (len === 8 ? readInt64(buf, at) : len === 4 ? buf.readInt32BE(at) : len === 2 ? buf.readInt16BE(at) : bad(len));
    case 'float':
      return (buf, at, len) => (len === 8 ? buf.readDoubleBE(at) : len === 4 ? buf.readFloatBE(at) : bad(len));
    case 'bool':
      return (buf, at, len) => (len === 1 ? buf[at] === 1 : bad(len));
    case 'timestamptz':
      return (buf, at, len) => (len === 8 ? readInt64(buf, at) + PG_EPOCH_US : bad(len));
    case 'json':
      // json's binary form is its text (jsonb's would start with a version byte).
      return (buf, at, len) => json(buf.toString('utf8', at, at + len));
    default:
      return (buf, at, len) => buf.toString('utf8', at, at + len);
  }
}

/** Parses JSON texts, sharing one frozen value per distinct text (up to JSON_SHARE_LIMIT of them). */
function sharedJson(): (raw: string) => unknown {
  const shared = new Map<string, unknown>();
  return (raw) => {
    let v = shared.get(raw);
    if (v === undefined) {
      v = Object.freeze(decodeValue('json', raw));
      if (shared.size < JSON_SHARE_LIMIT) shared.set(raw, v);
    }
    return v;
  };
}

/**
 * Collects a (one row per user) dataset into typed columns. JSON values (interest and category lists) repeat
 * across users, so each distinct text is parsed once and its frozen value shared: at 1M users this keeps a
 * few thousand arrays instead of two million.
 */
export async function collectColumns(batches: AsyncIterable<(string | null)[][]>, def: DatasetDef): Promise<Columns> {
  const cols: Columns = {};
  for (const c of def.columns) cols[c.name] = [];
  const arrays = def.columns.map((c) => cols[c.name]);
  const types = def.columns.map((c) => c.type);
  const shared = sharedJson();
  const json = (raw: string | null): unknown => (raw === null ? null : shared(raw));
  for await (const batch of batches) {
    for (const rec of batch) {
      for (let i = 0; i < arrays.length; i++) arrays[i].push(types[i] === 'json' ? json(rec[i]) : decodeValue(types[i], rec[i]));
    }
  }
  return cols;
}

export function userDatasetSettings(s: ExtractSettings): Record<string, string> {
  return { timezone: s.timezone };
}

/** Settings of a text query: the inclusive lower bound, whether this is a first (full) run, the shard. */
export function textDatasetSettings(previous: Watermark | undefined, shard: Shard = WHOLE): Record<string, string> {
  return {
    since: previous ? formatMicros(previous.lastUs) : '-infinity',
    full_run: previous ? 'off' : 'on',
    shard_index: String(shard.index),
    shard_count: String(shard.count),
  };
}

/** Drops text rows an earlier run already read (same key at exactly the watermark), tracking the new watermark. */
export async function* dropTextsRead(batches: AsyncIterable<TextRow[]>, tracker: WatermarkTracker): AsyncGenerator<TextRow[]> {
  for await (const batch of batches) {
    const rows: TextRow[] = [];
    for (const row of batch) if (tracker.accept(row.id, row.updatedUs)) rows.push(row);
    if (rows.length) yield rows;
  }
}
