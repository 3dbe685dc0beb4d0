// One read-only REPEATABLE READ transaction on a source, so several queries of a batch see the same rows.
import type pg from 'pg';
import { applySettings, copyOut } from '../db/copy.js';
import { connectSource, describePgError, type SourcePools } from '../db/connections.js';
import { SourceError } from '../errors.js';
import type { Columns, DatasetDef, SourceName, TextRow } from '../model/datasets.js';
import { collectColumns, datasetSql, readTextRows } from '../etl/extract.js';

/**
 * A batch resolves the senders of the messages it is about to read, then reads them. On two
 * connections a message committed in between would be read without a known sender (and skipped as
 * unattributed while the watermark moved past it); inside one snapshot both queries see the same
 * messages. The first query takes the snapshot (PostgreSQL REPEATABLE READ).
 */
export interface SourceSnapshot {
  stream(def: DatasetDef, settings: Record<string, string>): AsyncGenerator<(string | null)[][]>;
  /** A text dataset's rows (binary COPY), as streamTextDataset reads them. */
  streamTexts(def: DatasetDef, settings: Record<string, string>): AsyncGenerator<TextRow[]>;
  collect(def: DatasetDef, settings: Record<string, string>): Promise<Columns>;
  close(): Promise<void>;
}

export async function openSnapshot(pools: SourcePools, source: SourceName): Promise<SourceSnapshot> {
  const client: pg.PoolClient = await connectSource(pools, source);
  // A connection left mid-COPY or mid-transaction by a failure is destroyed, not returned to the pool.
  let broken = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (err) {
    client.release(true);
    throw new SourceError(`cannot open a snapshot on the ${source} source: ${describePgError(err)}`, { cause: err });
  }
  async function* read<T>(def: DatasetDef, settings: Record<string, string>, rows: (sql: string) => AsyncGenerator<T>): AsyncGenerator<T> {
    let done = false;
    try {
      await applySettings(client, settings);
      yield* rows(datasetSql(def));
      done = true;
    } catch (err) {
      throw new SourceError(`reading ${def.name} from the ${source} source failed: ${describePgError(err)}`, { cause: err });
    } finally {
      if (!done) broken = true;
    }
  }
  const stream = (def: DatasetDef, settings: Record<string, string>) => read(def, settings, (sql) => copyOut(client, sql));
  return {
    stream,
    streamTexts: (def, settings) => read(def, settings, (sql) => readTextRows(client, sql, def)),
    collect: (def, settings) => collectColumns(stream(def, settings), def),
    async close() {
      if (!broken) await client.query('COMMIT').catch(() => (broken = true));
      client.release(broken);
    },
  };
}
