// One Parquet file from one COPY: rows leave PostgreSQL as binary COPY and are decoded field by field straight
// into column buffers (parquet-column-buffer.ts: typed arrays and PLAIN bytes, no per-row JS values); each full
// row group is encoded in a worker thread (row-group-encoder.ts) while the next is decoded, and appended to the
// file in order. Memory holds at most three row groups (two encoding, one decoding), never the table. Groups have
// exactly `rowGroupRows` rows whatever the network's chunking, so the same rows always give the same bytes
// (idempotent re-export). startParquetPart() returns as soon as the COPY is over, with the file's completion
// still to come: the caller's connection runs the next part's COPY while this one's last group is encoded.
import type pg from 'pg';
import { copyOutBinary } from '../db/copy.js';
import { ColumnBuffer } from './parquet-column-buffer.js';
import { encodeRowGroup, ParquetFileWriter } from './parquet-file-writer.js';
import { RowGroupEncoder } from './row-group-encoder.js';
import { FileSink } from './parquet-file-sink.js';
import { snappyCompressor } from './snappy-compress.js';
import { schemaElement, selectExpression, type ExportColumn } from './parquet-columns.js';

/** 131,072 rows: ~3-4 MB compressed per group of vectors, ~15 MB of column buffers per group of vectors. */
export const DEFAULT_ROW_GROUP_ROWS = 131_072;
/** created_by in every file: constant, so the bytes do not depend on the writer's run. */
const CREATED_BY = 'aura-miner export';

export interface PartSpec {
  client: pg.ClientBase;
  /** FROM ... WHERE ... ORDER BY ...: everything after the select list. */
  fromSql: string;
  columns: readonly ExportColumn[];
  file: string;
  /** Keyed hash of user ids (--pseudonymise), or undefined for ids as stored. */
  hash?: (id: string) => string;
  rowGroupRows?: number;
  /** A worker shared by the parts of one export; without it the part starts (and ends) one of its own. */
  encoder?: RowGroupEncoder;
}

export interface WrittenPart {
  rows: number;
  bytes: number;
  sha256: string;
}

export async function writeParquetPart(spec: PartSpec): Promise<WrittenPart> {
  return (await startParquetPart(spec)).done;
}

/** Resolves when the COPY is over (the client is free); `done` when the file is complete on disk. */
export async function startParquetPart(spec: PartSpec): Promise<{ done: Promise<WrittenPart> }> {
  const { columns, hash } = spec;
  const groupRows = spec.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  const pseudonymised = hash !== undefined;
  const schema = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => schemaElement(c, pseudonymised))];
  // Ids are unique per row (a dictionary cannot shrink them); other byte arrays (levels, labels, JSON) try one.
  const dictionary = columns.map((c) => !(c.kind === 'uuid' || c.userId));
  const newGroup = () => columns.map((c) => new ColumnBuffer(c, groupRows, hash));
  const sink = await FileSink.open(spec.file);
  let own: RowGroupEncoder | undefined;
  const fail = async (err: unknown) => {
    await sink.abort();
    await own?.close();
    throw err;
  };
  try {
    const file = await ParquetFileWriter.open(sink, schema, CREATED_BY, snappyCompressor().compress);
    let group = newGroup();
    const full: ColumnBuffer[][] = [];
    let rows = 0;
    const n = columns.length;
    const decode = (t: { buf: Buffer; start: Int32Array; len: Int32Array }) => {
      for (let i = 0; i < n; i++) group[i].append(t.buf, t.start[i], t.len[i]);
      if (group[0].rows === groupRows) {
        full.push(group);
        group = newGroup(); // the full group's memory goes to the worker
      }
      return 0;
    };
    // Full groups are encoded in a worker while this thread decodes the next one; appends stay in order, and
    // at most two groups are in flight (memory: three groups at most, decoding one).
    let appended: Promise<void> = Promise.resolve();
    const inFlight: Promise<void>[] = [];
    const dispatch = async (g: ColumnBuffer[]) => {
      const values = g.map((c) => c.values());
      const encoded = g[0].rows === groupRows ? (spec.encoder ?? (own ??= new RowGroupEncoder())).encode(values, dictionary) : Promise.resolve(encodeRowGroup(values, dictionary, snappyCompressor().compress));
      rows += g[0].rows;
      appended = appended.then(async () => file.append(await encoded));
      // Both are awaited (through the chain) below: never an unhandled rejection while they wait their turn.
      encoded.catch(() => {});
      appended.catch(() => {});
      inFlight.push(appended);
      while (inFlight.length > 2) await inFlight.shift();
    };
    const select = `SELECT ${columns.map(selectExpression).join(', ')} ${spec.fromSql}`;
    for await (const _batch of copyOutBinary(spec.client, select, n, decode)) {
      while (full.length) await dispatch(full.shift()!);
    }
    if (group[0].rows) await dispatch(group);
    const done = (async () => {
      await appended;
      await file.finish();
      const { bytes, sha256 } = await sink.close();
      await own?.close();
      return { rows, bytes, sha256 };
    })().catch(fail);
    return { done };
  } catch (err) {
    return fail(err);
  }
}
