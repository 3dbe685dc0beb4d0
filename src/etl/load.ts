// Load: stages scores and vectors with COPY, then replaces the current vectors in one transaction.
import type { Readable } from 'node:stream';
import pg from 'pg';
import { copyIn } from '../db/copy.js';
import { describePgError } from '../db/connections.js';
import { inTransaction } from '../db/transaction-guard.js';
import { LoadError } from '../errors.js';
import { STAGE_SCORE_COLUMNS } from '../nlp/score-texts.js';
import type { UserScoreSums } from '../nlp/user-score-sums.js';
import { applyScores, rebuildSums, storeSums } from './store-scores.js';
import { sendCrisisAlerts, storeCrisisCounts, takeCrisisAlerts } from './crisis-texts.js';
import { transformColumns } from '../model/kpi-columns.js';
import { KPIS, type KpiRegistry } from '../model/kpis.js';
import { historyInsertSql } from './history-insert.js';
import { saveMessageCounts, type MessagingUsersRead } from './message-counts.js';
import type { NormParams } from './normalize.js';
import { replaceVectors } from './replace-vectors.js';
import { createDetachedScorePartition, ensureScorePartition, hasScorePartition, scorePartitionName } from './score-partitions.js';
import { writeWatermarks, type Shard, type Watermarks } from './watermarks.js';

type CsvSource = AsyncIterable<string | Buffer> | Iterable<string | Buffer> | Readable;
type CopyFormat = { format: 'binary' } | { format: 'csv'; header: boolean };

export interface LoadInput {
  runId: number;
  modelName: string;
  referenceTime: Date;
  /** The KPIs the vectors carry. @default KPIS */
  kpis?: KpiRegistry;
  /** Staging rows of the vectors, transformColumns(kpis) then `oneHotColumns`: binary COPY tuples (etl) or CSV (files). */
  vectorRows: CsvSource;
  /** CSV files written by `transform` carry a header line. */
  vectorFormat: CopyFormat;
  oneHotColumns: readonly string[];
  params: readonly NormParams[];
  watermarks: Watermarks;
  /** etl only: the message counts to keep for the next run (files-based loads leave them alone). */
  messageCounts?: Pick<MessagingUsersRead, 'mode' | 'changed' | 'next'>;
  stats: { textsRead: number; textsScored: number; textsRemoved: number; stageSeconds: Record<string, number>; parameters: Record<string, unknown> };
  /** A first run's per-user sums, added up while scoring: stored as they are instead of rebuilt from the scores. */
  userSums?: UserScoreSums;
  /** Test seam: runs just before COMMIT; throwing here must leave everything as it was. */
  beforeCommit?: () => Promise<void>;
  /** Send a CRITICAL_ALERT for each user with a crisis text not announced before (crisis-texts.ts). @default true */
  crisisAlerts?: boolean;
}

export interface ScoresOnlyInput {
  runId: number;
  modelName: string;
  watermarks: Watermarks;
  shard: Shard;
  stats: LoadInput['stats'];
}

export interface LoadResult {
  users: number;
  scoresStored: number;
  /** Users with crisis texts in the 30 days before the reference time, and the crisis alerts sent. */
  crisisUsers: number;
  crisisAlerts: number;
}

export interface LoadSession {
  readonly modelId: number;
  /** Nothing is stored for this model yet: every text is new, no removal can come. */
  readonly firstRun: boolean;
  /**
   * Streams scored-text staging rows (STAGE_SCORE_COLUMNS) while extraction is still running: binary
   * COPY tuples, or CSV (stage files, with a header line).
   */
  copyScores(rows: CsvSource, format: CopyFormat): Promise<number>;
  /**
   * Stores the copied scores and moves (or builds) the per-user sums now, inside the transaction: etl calls it
   * as soon as the texts are read, so this overlaps with the reads and the transform still running. `finish`
   * does it when it was not done. `stageSeconds` receives its timings.
   */
  storeScores(userSums: UserScoreSums | undefined, stageSeconds: Record<string, number>): Promise<number>;
  /** Stores etl's message counts now (as storeScores, to overlap with the transform); `finish` does it otherwise. */
  storeMessageCounts(counts: NonNullable<LoadInput['messageCounts']>, runId: number, stageSeconds: Record<string, number>): Promise<void>;
  finish(input: LoadInput): Promise<LoadResult>;
  /** A sharded `score` run: store scores and the shard's watermarks only; the next etl rebuilds the sums. */
  finishScoresOnly(input: ScoresOnlyInput): Promise<number>;
  abort(): Promise<void>;
}

export interface BeginLoadOptions {
  /**
   * A model's first run may build its score partition whole (see score-partitions.ts). Parallel
   * shards of a first run cannot: each COPYs into the shared, indexed partition. @default true
   */
  buildFirstPartition?: boolean;
}

/** Opens the load transaction on a client that already holds the ETL advisory lock. */
export async function beginLoad(client: pg.ClientBase, modelName: string, opts: BeginLoadOptions = {}): Promise<LoadSession> {
  // Registered before BEGIN: inside the transaction the new row's unique key would make concurrent
  // shards of a first run wait for each other's commit.
  await client.query(`INSERT INTO nlp_models (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [modelName]);
  const { rows } = await client.query<{ model_id: number }>('SELECT model_id FROM nlp_models WHERE name = $1', [modelName]);
  const modelId = rows[0].model_id;
  // A model's first run (nothing stored for it) COPYs scores straight into the score table: no
  // staging, no second write. Later runs stage, then replace and move the per-user sums by deltas.
  // Without watermarks every text source is read in full, so no removal rows (NULL scores) can come.
  // Decided before BEGIN (the ETL lock keeps other writers out), since a missing partition must be
  // created outside the transaction unless this run builds it.
  const { rows: first } = await client.query<{ bulk: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM text_sentiment_scores WHERE model_id = $1)
        AND NOT EXISTS (SELECT 1 FROM etl_watermarks WHERE model = $2) AS bulk`,
    [modelId, modelName],
  );
  const bulk = first[0].bulk;
  const buildPartition = bulk && opts.buildFirstPartition !== false && !(await hasScorePartition(client, modelId));
  if (!buildPartition) await ensureScorePartition(client, modelId);
  let open = false;
  // Every statement of the session goes through `tx`: once the transaction ends, a step still in flight (etl
  // stores scores while its transform runs, and a failed transform rolls back) cannot run on in autocommit.
  const tx = inTransaction(client, () => open);
  const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
    if (!open) return;
    open = false;
    if (sql === 'ROLLBACK') await client.query('ROLLBACK').catch(() => {});
    else await client.query('COMMIT');
  };
  await client.query('BEGIN');
  open = true;
  await tx.query(`SELECT set_config('aura.model_id', $1, true)`, [String(modelId)]);
  await tx.query(`CREATE TEMP TABLE stage_scores (
      source_id smallint, text_id bigint, user_id uuid, score real, text_updated_at timestamptz, crisis boolean
    ) ON COMMIT DROP`);
  const partition = buildPartition ? await createDetachedScorePartition(tx, modelId) : undefined;
  const target = partition ? partition.table : bulk ? 'text_sentiment_scores' : 'stage_scores';
  // storeScores and storeMessageCounts run once each: early (etl, beside its transform) or from finish.
  let scoresStored: Promise<number> | undefined;
  const storeScores = (userSums: UserScoreSums | undefined, stageSeconds: Record<string, number>): Promise<number> =>
    (scoresStored ??= asLoadStep(async () => {
      if (partition) await timedStep(stageSeconds, 'load_score_index', () => partition.attach());
      return timedStep(stageSeconds, 'load_scores', () => storeStagedScores(tx, modelId, bulk, userSums));
    }));
  let countsStored: Promise<void> | undefined;
  const storeMessageCounts = (counts: NonNullable<LoadInput['messageCounts']>, runId: number, stageSeconds: Record<string, number>): Promise<void> =>
    (countsStored ??= asLoadStep(() => timedStep(stageSeconds, 'load_counts', () => saveMessageCounts(tx, counts, runId))));
  return {
    modelId,
    firstRun: bulk,
    storeMessageCounts,
    copyScores: (rows, format) => copyIn(tx, `${target} (${STAGE_SCORE_COLUMNS.join(', ')})`, rows, format),
    storeScores,
    async finish(input) {
      try {
        const scores = await storeScores(input.userSums, input.stats.stageSeconds);
        if (input.messageCounts) await storeMessageCounts(input.messageCounts, input.runId, input.stats.stageSeconds);
        const result = await applyLoad(tx, modelId, input);
        await input.beforeCommit?.();
        await end('COMMIT');
        return { ...result, scoresStored: scores };
      } catch (err) {
        await end('ROLLBACK');
        throw loadError(err);
      }
    },
    async finishScoresOnly(input) {
      try {
        await partition?.attach();
        const stored = bulk ? 0 : await applyScores(tx, modelId, false);
        await tx.query('UPDATE nlp_models SET sums_stale = true WHERE model_id = $1', [modelId]);
        await writeWatermarks(tx, input.watermarks, input.runId, input.modelName, input.shard);
        await finishRunRecord(tx, input.runId, null, input.stats);
        await end('COMMIT');
        return stored;
      } catch (err) {
        await end('ROLLBACK');
        throw new LoadError(`storing the scores failed, nothing was changed: ${describePgError(err)}`, { cause: err });
      }
    },
    abort: () => end('ROLLBACK'),
  };
}

/** Runs a load step now; its failure is a LoadError. */
function asLoadStep<T>(f: () => Promise<T>): Promise<T> {
  return f().catch((err: unknown) => Promise.reject(loadError(err)));
}

function loadError(err: unknown): LoadError {
  return err instanceof LoadError ? err : new LoadError(`load failed, nothing was changed: ${describePgError(err)}`, { cause: err });
}

async function timedStep<T>(stageSeconds: Record<string, number>, name: string, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await f();
  stageSeconds[name] = Math.round(performance.now() - t) / 1000;
  return r;
}

/** The staged scores into the score table, and the per-user sums moved by their deltas, rebuilt or stored whole. */
async function storeStagedScores(client: pg.ClientBase, modelId: number, bulk: boolean, userSums: UserScoreSums | undefined): Promise<number> {
  // Sums are rebuilt in one pass after a bulk first run or after sharded runs (which store scores
  // only); otherwise they move by the deltas of the staged texts.
  const stale = (await client.query<{ sums_stale: boolean }>('SELECT sums_stale FROM nlp_models WHERE model_id = $1 FOR UPDATE', [modelId])).rows[0].sums_stale;
  const applied = bulk ? 0 : await applyScores(client, modelId, !stale);
  // After a bulk load the planner has no statistics for the score table (PostgreSQL's advice: ANALYZE
  // after bulk loading): without them it plans the sums rebuild below without parallel workers, and the
  // next run's per-text delete as a scan of all stored scores. The plans need row counts more than
  // histograms: a 3,000-row sample (statistics target 10) costs ~0.05 s where the default 30,000 rows read
  // nearly every page of 2.9 M scores (~0.36 s).
  if (bulk || stale) await client.query(`SELECT set_config('default_statistics_target', '10', true)`);
  if (bulk) await client.query(`ANALYZE ${pg.escapeIdentifier(scorePartitionName(modelId))}`);
  const counted = bulk && userSums ? await storeSums(client, modelId, userSums) : bulk || stale ? await rebuildSums(client, modelId) : 0;
  if (bulk || stale) await client.query('ANALYZE user_text_negativity');
  return bulk ? counted : applied;
}

async function applyLoad(client: pg.ClientBase, modelId: number, input: LoadInput): Promise<Omit<LoadResult, 'scoresStored'>> {
  const steps = input.stats.stageSeconds;
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    steps[`load_${name}`] = Math.round(now - mark) / 1000;
    mark = now;
  };
  const kpis = input.kpis ?? KPIS;
  await ensureOneHotColumns(client, input.oneHotColumns);
  const cols = [...transformColumns(kpis), ...input.oneHotColumns.map((name) => ({ name, sql: 'boolean' }))];
  const colList = cols.map((c) => pg.escapeIdentifier(c.name)).join(', ');
  await client.query(`CREATE TEMP TABLE stage_vectors (${cols.map((c) => `${pg.escapeIdentifier(c.name)} ${c.sql}`).join(', ')}) ON COMMIT DROP`);
  const staged = await copyIn(client, `stage_vectors (${colList})`, input.vectorRows, input.vectorFormat);
  step('stage_vectors');

  const users = await replaceVectors(client, cols, staged, input.runId, input.referenceTime, modelId, kpis);
  const crisisUsers = await storeCrisisCounts(client, modelId, input.referenceTime);
  step('vectors');
  await insertHistory(client, input.runId, input.oneHotColumns, kpis);
  step('history');
  for (const p of input.params) {
    await client.query(
      `INSERT INTO normalization_params (run_id, kpi, min_value, max_value, clip_value, quantile) VALUES ($1, $2, $3, $4, $5, $6)`,
      [input.runId, p.kpi, p.min, p.max, p.clip, p.quantile],
    );
  }
  await writeWatermarks(client, input.watermarks, input.runId, input.modelName);
  step('params');
  const alerts = input.crisisAlerts === false ? [] : await takeCrisisAlerts(client, modelId, input.referenceTime);
  await sendCrisisAlerts(client, alerts);
  step('crisis_alerts');
  await finishRunRecord(client, input.runId, users, input.stats);
  return { users, crisisUsers, crisisAlerts: alerts.length };
}

/** Marks the run succeeded inside the load transaction, so the status commits with the data. */
async function finishRunRecord(client: pg.ClientBase, runId: number, users: number | null, s: LoadInput['stats']): Promise<void> {
  await client.query(
    `UPDATE etl_runs SET status = 'succeeded', finished_at = clock_timestamp(), users = $2, texts_read = $3, texts_scored = $4,
       texts_removed = $5, stage_seconds = $6, parameters = $7 WHERE run_id = $1`,
    [runId, users, s.textsRead, s.textsScored, s.textsRemoved, JSON.stringify(s.stageSeconds), JSON.stringify(s.parameters)],
  );
}

async function insertHistory(client: pg.ClientBase, runId: number, oneHot: readonly string[], kpis: KpiRegistry): Promise<void> {
  await client.query(historyInsertSql(kpis, oneHot, { source: 'user_feature_vector s WHERE s.run_id = $1', runId: 's.run_id', extractionDate: 's.extraction_date' }), [runId]);
}

/** One-hot columns of configured tags beyond the migration's defaults are added inside the load transaction. */
async function ensureOneHotColumns(client: pg.ClientBase, columns: readonly string[]): Promise<void> {
  if (!columns.length) return;
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'user_feature_vector' AND column_name = ANY($1)`,
    [columns],
  );
  const have = new Set(rows.map((r) => r.column_name));
  for (const c of columns) {
    if (!have.has(c)) await client.query(`ALTER TABLE user_feature_vector ADD COLUMN ${pg.escapeIdentifier(c)} boolean`);
  }
}
