// One Parquet file from one COPY: rows leave PostgreSQL as binary COPY, fill a row group of fixed size, and
// each full group is encoded and appended to the file before the next is read. Memory holds one row group
// (two at most while a chunk straddles the boundary), never the table. Groups have exactly `rowGroupRows`
// rows whatever the network's chunking, so the same rows always give the same bytes (idempotent re-export).
import type pg from 'pg';
import { ParquetWriter } from 'hyparquet-writer';
import { copyOutBinary } from '../db/copy.js';
import { FileSink } from './parquet-file-sink.js';
import { fieldReader, newColumnValues, schemaElement, selectExpression, type ColumnValues, type ExportColumn } from './parquet-columns.js';

/** 131,072 rows: ~3-4 MB compressed per group of vectors, ~50 MB of live values while one is filled. */
export const DEFAULT_ROW_GROUP_ROWS = 131_072;
/** created_by in every file: constant, so the bytes do not depend on the writer's run. */
const CREATED_BY = 'aura-miner export (hyparquet-writer)';

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
  const readers = columns.map((c) => fieldReader(c, hash));
  // Ids are unique per row: a dictionary cannot shrink them, so the writer does not try.
  const plain = columns.map((c) => (c.kind === 'uuid' || (c.userId && pseudonymised) ? 'PLAIN' : undefined));
  const sink = await FileSink.open(spec.file);
  try {
    const writer = new ParquetWriter({ writer: sink.writer, schema: schema as never, codec: 'SNAPPY', createdBy: CREATED_BY });
    let group = columns.map((c) => newColumnValues(c, groupRows, pseudonymised));
    let filled = 0;
    const full: ColumnValues[][] = [];
    let rows = 0;
    const decode = (t: Parameters<typeof readers[number]>[0]) => {
      for (let i = 0; i < readers.length; i++) (group[i] as unknown[])[filled] = t.len[i] < 0 ? null : readers[i](t, i);
      if (++filled === groupRows) {
        full.push(group);
        group = columns.map((c) => newColumnValues(c, groupRows, pseudonymised));
        filled = 0;
      }
      return 0;
    };
    const writeGroup = async (values: ColumnValues[], n: number) => {
      const columnData = columns.map((c, i) => ({ name: c.name, data: n === groupRows ? values[i] : values[i].slice(0, n), encoding: plain[i] }));
      await writer.write({ columnData: columnData as never, rowGroupSize: n });
      rows += n;
    };
    const select = `SELECT ${columns.map(selectExpression).join(', ')} ${spec.fromSql}`;
    for await (const _batch of copyOutBinary(spec.client, select, columns.length, decode)) {
      while (full.length) await writeGroup(full.shift()!, groupRows);
    }
    if (filled) await writeGroup(group, filled);
    await writer.finish();
    const { bytes, sha256 } = await sink.close();
    return { rows, bytes, sha256 };
  } catch (err) {
    await sink.abort();
    throw err;
  }
}
