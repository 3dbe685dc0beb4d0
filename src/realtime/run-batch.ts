// One watch batch, in one analytics transaction under the ETL lock: texts, then the affected users, then NOTIFY.
import type pg from 'pg';
import type { Config } from '../config.js';
import { connectAnalytics, type SourcePools } from '../db/connections.js';
import { buildFeatureVectors, type UserDatasets, type VectorTable } from '../etl/transform.js';
import type { RiskLevel } from '../etl/feature-vector.js';
import { collectColumns, streamDataset } from '../etl/extract.js';
import type { DatasetDef, TextSource } from '../etl/datasets.js';
import { readWatermarks } from '../etl/watermarks.js';
import type { Logger } from '../log.js';
import type { ScoreCounters } from '../nlp/score-texts.js';
import type { Scorer } from '../nlp/scorer.js';
import { scoreBatchTexts, writeBatchWatermarks } from './batch-texts.js';
import { findChangedUsers } from './find-changed-users.js';
import { arrayLiteral, BATCH_MESSAGING_USERS, BATCH_POPULATION, BATCH_SOCIAL_PROFILES } from './incremental-datasets.js';
import { judgeUsers, renormalise, type NegativitySum } from './judge-users.js';
import type { ChangeSet } from './pending-changes.js';
import { resolveUsers } from './resolve-users.js';
import { openSnapshot } from './source-snapshot.js';
import { buildRiskMessages, sendRiskMessages } from './risk-updates.js';
import type { ScoringModelCache, ScoringModels } from './scoring-models.js';
import { lockForBatch } from './watch-locks.js';
import { markBatchCommitted } from './watch-state.js';
import { removeUsers, writeJudgedUsers } from './write-users.js';

export interface BatchContext {
  analytics: pg.Pool;
  sources: SourcePools;
  config: Readonly<Config>;
  logger: Logger;
  scorer: Scorer;
  models: ScoringModelCache;
  instance: string;
  /** One-hot columns of the configuration (present in user_feature_vector: checked at start). */
  oneHotColumns: readonly string[];
  /** Users written per batch at most; the rest wait for the next batch. */
  maxBatch: number;
  /** How long a batch waits for the ETL lock before leaving it to a full run and retrying later. */
  lockWaitMs: number;
  /** Test seam: runs just before COMMIT; throwing must leave everything, watermarks included, as it was. */
  beforeCommit?: (set: ChangeSet) => Promise<void>;
}

export interface BatchResult {
  batchId: number;
  catchUp: boolean;
  /** User references the batch received (notifications, or users left over by the previous batch). */
  changes: number;
  /** Users whose vector and verdict were written. */
  users: number;
  /** Users who left the population and lost their vector. */
  removed: number;
  texts: ScoreCounters;
  /** USER_RISK_UPDATE messages sent (one per written user), and CRITICAL_ALERTs. */
  updates: number;
  alerts: number;
  /** Users found but beyond maxBatch: the caller queues them for the next batch. */
  overflow: string[];
  /** Text keys read, per source, and when the batch started (monotonic ms): see ActiveSession. */
  textsRead: Record<TextSource, Set<number>>;
  startedMs: number;
  seconds: number;
  /** Wall time of each step (lock, resolve, texts, catchUp, users, judge, write, commit), for logs and benchmarks. */
  stepsMs: Record<string, number>;
  caughtUp?: { compared: number; changed: number; removed: number };
}

/**
 * Runs one batch; 'busy' (nothing was done) while a full run holds the ETL lock, or while sharded
 * scoring has left the per-user sums for the next etl to rebuild.
 */
export async function runWatchBatch(ctx: BatchContext, set: ChangeSet): Promise<BatchResult | 'busy'> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  let lap = started;
  const step = (name: string) => {
    const t = performance.now();
    steps[name] = Math.round((t - lap) * 10) / 10;
    lap = t;
  };
  const client = await connectAnalytics(ctx.analytics);
  let open = false;
  try {
    await client.query('BEGIN');
    open = true;
    if (!(await lockForBatch(client, ctx.lockWaitMs))) {
      await client.query('ROLLBACK');
      open = false;
      return 'busy';
    }
    const at = new Date();
    const models = await ctx.models.current(client);
    if (models.sumsStale) {
      await client.query('ROLLBACK');
      open = false;
      return 'busy';
    }
    const batchId = Number((await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('etl_runs', 'run_id')) AS id`)).rows[0].id);
    step('lock');

    // Texts first: their owners join the batch, and the negativity sums are final before users are judged.
    const previous = await readWatermarks(client, ctx.scorer.modelName);
    const messaging = await openSnapshot(ctx.sources, 'messaging');
    let resolved, texts;
    try {
      resolved = await resolveUsers(ctx.sources, messaging, set, { previous: previous.message, keys: set.texts.message });
      step('resolve');
      texts = await scoreBatchTexts({
        client,
        sources: ctx.sources,
        messaging,
        scorer: ctx.scorer,
        modelId: models.nlpModelId,
        previous,
        keys: set.texts,
        messageSenders: resolved.messageSenders,
        batchSize: ctx.config.nlp.batchSize * 16,
      });
    } finally {
      await messaging.close();
    }
    await writeBatchWatermarks(client, texts.watermarks, previous, ctx.scorer.modelName);
    step('texts');

    const wanted = new Set([...resolved.users, ...texts.owners]);
    let leavers: string[] = [];
    let caughtUp: BatchResult['caughtUp'];
    if (set.catchUp) {
      const diff = await findChangedUsers({ client, sources: ctx.sources, config: ctx.config, nlpModelId: models.nlpModelId, oneHotColumns: ctx.oneHotColumns });
      for (const u of diff.changed) wanted.add(u);
      leavers = diff.removed;
      caughtUp = { compared: diff.compared, changed: diff.changed.length, removed: diff.removed.length };
    }
    step('catchUp');
    const all = [...wanted];
    const chosen = all.slice(0, ctx.maxBatch);
    const overflow = all.slice(ctx.maxBatch);

    const table = chosen.length ? await recomputeUsers(ctx, chosen, at, models.params) : undefined;
    step('users');
    const kept = new Set(table ? Array.from(table.data.user_id_raiz as ArrayLike<string>) : []);
    const judged = table ? judgeUsers(table, models.ensemble, await readNegativitySums(client, models.nlpModelId, [...kept])) : [];
    step('judge');
    const previousLevels = table && judged.length
      ? await writeJudgedUsers({ client, batchId, normRunId: models.normRunId, clusterRunId: models.clusterRunId, extractionDate: at, table, judged })
      : new Map<string, RiskLevel>();
    const removed = await removeUsers(client, [...leavers, ...chosen.filter((u) => !kept.has(u))]);
    const messages = buildRiskMessages(judged, previousLevels, at);
    await sendRiskMessages(client, messages);
    const alerts = messages.filter((m) => m.type === 'CRITICAL_ALERT').length;

    await client.query(
      `INSERT INTO watch_batches (batch_id, instance, norm_run_id, cluster_run_id, catch_up, started_at, changes, users, removed, texts_scored, texts_removed, alerts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [batchId, ctx.instance, models.normRunId, models.clusterRunId, set.catchUp, at, changesOf(set), judged.length, removed, texts.counters.scored, texts.counters.removed, alerts],
    );
    await markBatchCommitted(client, ctx.instance, at);
    step('write');
    await ctx.beforeCommit?.(set);
    await client.query('COMMIT');
    open = false;
    step('commit');
    return {
      batchId,
      catchUp: set.catchUp,
      changes: changesOf(set),
      users: judged.length,
      removed,
      texts: texts.counters,
      updates: messages.length - alerts,
      alerts,
      overflow,
      textsRead: texts.read,
      startedMs: started,
      seconds: (performance.now() - started) / 1000,
      stepsMs: steps,
      caughtUp,
    };
  } finally {
    if (open) await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

function changesOf(set: ChangeSet): number {
  return set.users.size + set.profiles.size + set.messagingUsers.size;
}

/**
 * The users' vectors as `etl` computes them (same transform over the same per-user datasets, read for
 * these users only through sql/incremental/), on the stored scale. Users out of the population get no row.
 */
async function recomputeUsers(ctx: BatchContext, users: readonly string[], at: Date, params: ScoringModels['params']): Promise<VectorTable> {
  const { sources, config } = ctx;
  const collect = (def: DatasetDef, settings: Record<string, string>) => collectColumns(streamDataset(sources, def, settings), def);
  const userIds = arrayLiteral(users);
  const [population, social] = await Promise.all([collect(BATCH_POPULATION, { user_ids: userIds }), collect(BATCH_SOCIAL_PROFILES, { user_ids: userIds })]);
  const messaging = await collect(BATCH_MESSAGING_USERS, { profile_ids: arrayLiteral(social.profile_id as number[]), timezone: config.timezone });
  const datasets: UserDatasets = { population, social_profiles: social, messaging_users: messaging };
  const opts = { referenceTime: at, interestTags: config.interestTags, communityCategories: config.communityCategories, winsorQuantile: config.winsorQuantile };
  return renormalise(buildFeatureVectors(datasets, opts).vectors, params);
}

async function readNegativitySums(client: pg.ClientBase, modelId: number, users: string[]): Promise<Map<string, NegativitySum>> {
  const { rows } = await client.query<{ user_id: string; score_sum_micro: string; texts: number }>(
    'SELECT user_id::text AS user_id, score_sum_micro, texts FROM user_text_negativity WHERE model_id = $1 AND user_id = ANY($2::uuid[])',
    [modelId, users],
  );
  return new Map(rows.map((r) => [r.user_id, { sumMicro: Number(r.score_sum_micro), texts: r.texts }]));
}
