// One Parquet file from one COPY: rows leave PostgreSQL as binary COPY and are decoded field by field straight
// into column buffers (parquet-column-buffer.ts: typed arrays and PLAIN bytes, no per-row JS values); each full
// row group is encoded and appended to the file before the next is read. Memory holds one row group (two while
// a network chunk straddles the boundary), never the table. Groups have exactly `rowGroupRows` rows whatever the
// network's chunking, so the same rows always give the same bytes (idempotent re-export).
import type pg from 'pg';
import { copyOutBinary } from '../db/copy.js';
import { ColumnBuffer } from './parquet-column-buffer.js';
import { ParquetFileWriter } from './parquet-file-writer.js';
import { FileSink } from './parquet-file-sink.js';
import { snappyCompressor } from './snappy-compress.js';
import { schemaElement, selectExpression, type ExportColumn } from './parquet-columns.js';

/** 131,072 rows: ~3-4 MB compressed per group of vectors, ~15 MB of column buffers while one is filled. */
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
}

export interface WrittenPart {
  rows: number;
  bytes: number;
  sha256: string;
}

export async function writeParquetPart(spec: PartSpec): Promise<WrittenPart> {
  const { columns, hash } = spec;
  const groupRows = spec.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  const pseudonymised = hash !== undefined;
  const schema = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => schemaElement(c, pseudonymised))];
  // Ids are unique per row (a dictionary cannot shrink them); other byte arrays (levels, labels, JSON) try one.
  const dictionary = columns.map((c) => !(c.kind === 'uuid' || c.userId));
  const newGroup = () => columns.map((c) => new ColumnBuffer(c, groupRows, hash));
  const sink = await FileSink.open(spec.file);
  try {
    const file = await ParquetFileWriter.open(sink, schema, CREATED_BY, snappyCompressor().compress);
    const spare: ColumnBuffer[][] = [];
    let group = newGroup();
    const full: ColumnBuffer[][] = [];
    let rows = 0;
    const n = columns.length;
    const decode = (t: { buf: Buffer; start: Int32Array; len: Int32Array }) => {
      for (let i = 0; i < n; i++) group[i].append(t.buf, t.start[i], t.len[i]);
      if (group[0].rows === groupRows) {
        full.push(group);
        group = spare.pop() ?? newGroup();
      }
      return 0;
    };
    const writeGroup = async (g: ColumnBuffer[]) => {
      await file.writeRowGroup(g, dictionary);
      rows += g[0].rows;
      for (const c of g) c.reset();
      spare.push(g);
    };
    const select = `SELECT ${columns.map(selectExpression).join(', ')} ${spec.fromSql}`;
    for await (const _batch of copyOutBinary(spec.client, select, n, decode)) {
      while (full.length) await writeGroup(full.shift()!);
    }
    if (group[0].rows) await writeGroup(group);
    await file.finish();
    const { bytes, sha256 } = await sink.close();
    return { rows, bytes, sha256 };
  } catch (err) {
    await sink.abort();
    throw err;
  }
}
