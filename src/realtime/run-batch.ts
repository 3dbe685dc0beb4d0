// One watch batch, in one analytics transaction under the ETL lock: texts, then the affected users, then NOTIFY.
import type pg from 'pg';
import type { Config } from '../config.js';
import { connectAnalytics, type SourcePools } from '../db/connections.js';
import type { TextSource } from '../model/datasets.js';
import { readWatermarks } from '../etl/watermarks.js';
import type { Logger } from '../log.js';
import type { ScoreCounters } from '../nlp/score-texts.js';
import type { Scorer } from '../nlp/scorer.js';
import { scoreBatchTexts, writeBatchWatermarks } from './batch-texts.js';
import { writeBatchUsers } from './batch-users.js';
import { findChangedUsers } from './find-changed-users.js';
import type { ChangeSet } from './pending-changes.js';
import { resolveUsers } from './resolve-users.js';
import { openSnapshot, type SourceSnapshot } from './source-snapshot.js';
import type { ScoringModelCache, ScoringModels } from './scoring-models.js';
import { lockForBatch } from './watch-locks.js';
import { markBatchCommitted } from './watch-state.js';
import { analyticsSql } from '../db/sql-file.js';

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
  /** Test seam: runs once the texts are stored, before the users are read (a source change may land here). */
  afterTexts?: (set: ChangeSet) => Promise<void>;
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
  const { steps, step } = stepTimer(started);
  const client = await connectAnalytics(ctx.analytics);
  let open = false;
  let messaging: SourceSnapshot | undefined;
  try {
    await client.query('BEGIN');
    open = true;
    const models = (await lockForBatch(client, ctx.lockWaitMs)) ? await ctx.models.current(client) : undefined;
    if (!models || models.sumsStale) return 'busy'; // rolled back below
    const at = new Date();
    const batchId = Number((await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('etl_runs', 'run_id')) AS id`)).rows[0].id);
    step('lock');

    // Texts first: their owners join the batch, and the negativity sums are final before users are judged.
    // The messaging snapshot stays open for the users' messaging KPIs: a message committed after the texts
    // were read must not be counted in a vector (messages_count, night share) whose negativity lacks its score.
    messaging = await openSnapshot(ctx.sources, 'messaging');
    const { resolved, texts } = await storeTexts(ctx, client, messaging, set, models, step);
    await ctx.afterTexts?.(set);
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
    const written = await writeBatchUsers(
      { client, sources: ctx.sources, messaging, config: ctx.config, models, batchId, at, profileOf: resolved.profileOf },
      all.slice(0, ctx.maxBatch),
      leavers,
      step,
    );

    await client.query(
      analyticsSql('insert-watch-batch'),
      [batchId, ctx.instance, models.normRunId, models.clusterRunId, set.catchUp, at, changesOf(set), written.users, written.removed, texts.counters.scored, texts.counters.removed, written.alerts],
    );
    await markBatchCommitted(client, ctx.instance, at);
    await messaging.close();
    messaging = undefined;
    step('write');
    await ctx.beforeCommit?.(set);
    await client.query('COMMIT');
    open = false;
    step('commit');
    return {
      batchId,
      catchUp: set.catchUp,
      changes: changesOf(set),
      ...written,
      texts: texts.counters,
      overflow: all.slice(ctx.maxBatch),
      textsRead: texts.read,
      startedMs: started,
      seconds: (performance.now() - started) / 1000,
      stepsMs: steps,
      caughtUp,
    };
  } finally {
    await messaging?.close();
    if (open) await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

/** Resolves the references, then scores and stores the texts, reading messages and their senders in the batch's messaging snapshot. */
async function storeTexts(ctx: BatchContext, client: pg.ClientBase, messaging: SourceSnapshot, set: ChangeSet, models: ScoringModels, step: (name: string) => void) {
  const previous = await readWatermarks(client, ctx.scorer.modelName);
  const resolved = await resolveUsers(ctx.sources, messaging, set, { previous: previous.message, keys: set.texts.message });
  step('resolve');
  const texts = await scoreBatchTexts({
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
  await writeBatchWatermarks(client, texts.watermarks, previous, ctx.scorer.modelName);
  step('texts');
  return { resolved, texts };
}

function stepTimer(started: number): { steps: Record<string, number>; step: (name: string) => void } {
  const steps: Record<string, number> = {};
  let lap = started;
  return {
    steps,
    step(name) {
      const t = performance.now();
      steps[name] = Math.round((t - lap) * 10) / 10;
      lap = t;
    },
  };
}

function changesOf(set: ChangeSet): number {
  return set.users.size + set.profiles.size + set.messagingUsers.size;
}
