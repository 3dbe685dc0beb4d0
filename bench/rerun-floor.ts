// The database floors of the etl benchmark (bench/etl.ts): queries streamed to nowhere, and what a re-run
// cannot avoid reading and writing, to set the measured re-run against the least any re-run could cost here.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { applySettings, copyOutRaw } from '../src/db/copy.js';
import { DATASETS, MESSAGING_SENDERS, SOCIAL_PROFILE_USERS, USER_DATASETS, type DatasetDef, type SourceName } from '../src/model/datasets.js';
import { datasetSql, textDatasetSettings, userDatasetSettings } from '../src/etl/extract.js';
import { readMessageCountState } from '../src/etl/message-counts.js';
import { formatMicros } from '../src/etl/micros.js';
import { readWatermarks } from '../src/etl/watermarks.js';
import { measured, type CpuSeconds } from './cpu-seconds.js';

export type SourceUrls = Record<SourceName | 'analytics', string>;

export interface CopyJob {
  url: string;
  sql: string;
  format: 'csv' | 'binary';
  settings: Record<string, string>;
}

export interface Floor {
  seconds: number;
  bytes: number;
  cpuSeconds: CpuSeconds;
}

const TIMEZONE = 'America/Lima';

/** Streams every job's COPY to nowhere, all at once (one connection each), timing the whole. */
export async function copyToNowhere(dataDir: string | readonly string[], jobs: readonly CopyJob[]): Promise<Floor> {
  const m = await measured(dataDir, () =>
    Promise.all(
      jobs.map(async (job) => {
        const c = new pg.Client({ connectionString: job.url });
        await c.connect();
        try {
          await applySettings(c, job.settings);
          let n = 0;
          for await (const chunk of copyOutRaw(c, job.sql, job.format)) n += (chunk as Buffer).length;
          return n;
        } finally {
          await c.end();
        }
      }),
    ),
  );
  return { seconds: m.seconds, bytes: m.value.reduce((a, b) => a + b, 0), cpuSeconds: m.cpuSeconds };
}

/** The full run's per-user queries as etl runs them (messages aggregated in full), CSV. */
export function userQueryJobs(urls: SourceUrls): CopyJob[] {
  return USER_DATASETS.map((d) => ({ url: urls[d.source], sql: datasetSql(d), format: 'csv', settings: userDatasetSettings({ timezone: TIMEZONE }) }));
}

/**
 * What a re-run reads from the sources, as etl reads it after a run has stored its state: the population and
 * social profiles whole (no change cursor in the source contract), the messaging users with only the messages
 * counted since the stored message counts, the sender map's two reads, and the texts changed since the watermarks.
 */
export async function rerunReadJobs(urls: SourceUrls): Promise<CopyJob[]> {
  const c = new pg.Client({ connectionString: urls.analytics });
  await c.connect();
  try {
    const models = (await c.query<{ model: string }>('SELECT DISTINCT model FROM etl_watermarks')).rows;
    if (models.length !== 1) throw new Error(`expected the watermarks of one model, found ${models.length}`);
    const marks = await readWatermarks(c, models[0].model);
    const state = await readMessageCountState(c);
    if (!state) throw new Error('no stored message counts: run a full etl first');
    const settings = userDatasetSettings({ timezone: TIMEZONE });
    const job = (def: DatasetDef, extra: Record<string, string>, format: 'csv' | 'binary' = 'csv', sqlFile = def.sqlFile): CopyJob => ({
      url: urls[def.source],
      sql: datasetSql({ sqlFile }),
      format,
      settings: { ...settings, ...extra },
    });
    const since = state.countedSinceUs === null ? '-infinity' : formatMicros(state.countedSinceUs);
    return [
      ...USER_DATASETS.map((d) =>
        d.name === 'messaging_users' ? job(d, { counted_since: since, counted_through: String(state.countedThroughId) }, 'csv', 'messaging-counts-since.sql') : job(d, {}),
      ),
      job(SOCIAL_PROFILE_USERS, {}),
      job(MESSAGING_SENDERS, {}),
      ...DATASETS.filter((d) => d.kind === 'texts').map((d) => job(d, textDatasetSettings(marks[d.textSource!]), 'binary')),
    ];
  } finally {
    await c.end();
  }
}

/**
 * What SPEC §3 makes every run write, a re-run too, measured in PostgreSQL alone: one history row per user
 * ("one row per user per run") and every current vector once (each carries the run's extraction_date and
 * KPI 2, which move with the reference time), at their cheapest: the last run's rows COPYed (binary) into new
 * tables, the history's with its indexes, the vectors' then given their primary key; rolled back. The rows are
 * read back into memory first, untimed.
 */
export async function measureRunWrites(dataDir: string, analyticsUrl: string): Promise<Floor & { rows: number }> {
  const c = new pg.Client({ connectionString: analyticsUrl });
  await c.connect();
  try {
    const grab = async (sql: string) => {
      const chunks: Buffer[] = [];
      for await (const chunk of copyOutRaw(c, sql, 'binary')) chunks.push(chunk as Buffer);
      return chunks;
    };
    const history = await grab('SELECT * FROM user_feature_history WHERE run_id = (SELECT max(run_id) FROM user_feature_history)');
    const vectors = await grab('SELECT * FROM user_feature_vector');
    await c.query('BEGIN');
    const copy = async (table: string, chunks: Buffer[]) => {
      const sink = c.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT binary)`));
      await pipeline(Readable.from(chunks), sink);
      return Number(sink.rowCount);
    };
    const m = await measured(dataDir, async () => {
      await c.query('CREATE TABLE bench_history_write (LIKE user_feature_history INCLUDING ALL)');
      const rows = await copy('bench_history_write', history);
      await c.query('CREATE TABLE bench_vector_write (LIKE user_feature_vector INCLUDING DEFAULTS INCLUDING CONSTRAINTS)');
      await copy('bench_vector_write', vectors);
      await c.query('ALTER TABLE bench_vector_write ADD PRIMARY KEY (user_id_raiz)');
      return rows;
    });
    await c.query('ROLLBACK');
    const bytes = [...history, ...vectors].reduce((a, b) => a + b.length, 0);
    return { seconds: m.seconds, bytes, rows: m.value, cpuSeconds: m.cpuSeconds };
  } finally {
    await c.end();
  }
}
