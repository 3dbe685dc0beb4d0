// `watch`: one active watcher per analytics database (others stand by) re-scoring changed users live (SPEC §8).
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Config, DatabaseUrls } from '../config.js';
import { connectAnalytics, createAnalyticsPool, createSourcePools, endPools } from '../db/connections.js';
import { ConfigError } from '../errors.js';
import { oneHotColumns } from '../model/feature-vector.js';
import { requireSchema } from '../db/preflight.js';
import type { Logger } from '../log.js';
import { createScorer } from '../nlp/create-scorer.js';
import type { Scorer } from '../nlp/scorer.js';
import { ActiveSession, type SessionHooks, type SessionTotals } from './active-session.js';
import type { BackoffOptions } from '../db/backoff.js';
import type { ChangeSet } from './pending-changes.js';
import { ScoringModelCache } from './scoring-models.js';
import { LeaderLock, WATCH_APPLICATION_NAME } from './watch-locks.js';

export { DEFAULT_DEBOUNCE_MS, DEFAULT_MAX_BATCH, DEFAULT_STATS_INTERVAL_MS } from './watch-defaults.js';

export interface WatchOptions {
  /**
   * The longest a change waits to be written: changes arriving meanwhile join its batch, which starts
   * early by the recent batch duration so it commits within the window. @default 2000
   */
  debounceMs: number;
  /** Users written per batch at most (more wait for the next batch). @default 5000 */
  maxBatch: number;
  /** How often lag and throughput are logged and written to watch_state. @default 60000 */
  statsIntervalMs: number;
  /** Name in watch_state and watch_batches. @default host:pid */
  instance?: string;
  /** How often a standby tries the watch lock. @default 1000 */
  lockPollMs?: number;
  /** How long one batch attempt waits for the ETL lock held by a full run. @default 1000 */
  batchLockWaitMs?: number;
  backoff?: BackoffOptions;
}

export interface WatchDeps {
  config: Readonly<Config>;
  urls: DatabaseUrls;
  logger: Logger;
  /** Abort to stop: the batch in flight finishes and commits first. */
  signal: AbortSignal;
  hooks?: SessionHooks & {
    /** Test seam: runs just before a batch's COMMIT. */
    beforeCommit?: (set: ChangeSet) => Promise<void>;
    /** Test seam: runs once a batch's texts are stored, before its users are read. */
    afterTexts?: (set: ChangeSet) => Promise<void>;
    /** Called each time this instance becomes the active watcher. */
    onActive?: () => void;
  };
}

export interface WatchSummary extends SessionTotals {
  instance: string;
  /** Times this instance became the active watcher. */
  activations: number;
}

export async function runWatch(deps: WatchDeps, opts: WatchOptions): Promise<WatchSummary> {
  const { config, urls, logger, signal } = deps;
  const instance = opts.instance ?? `${hostname()}:${process.pid}`;
  const summary: WatchSummary = { instance, activations: 0, batches: 0, failedBatches: 0, users: 0, updates: 0, alerts: 0, removed: 0, textsScored: 0 };
  // Named: pg_stat_activity (and a full run waiting on the ETL lock) can tell a watch batch from another aura-miner session.
  const analytics = createAnalyticsPool(urls.analytics, 3, WATCH_APPLICATION_NAME);
  analytics.on('error', (err) => logger.warn({ err: err.message }, 'idle analytics connection lost'));
  const sources = createSourcePools(urls, 2);
  for (const pool of Object.values(sources)) pool.on('error', (err) => logger.warn({ err: err.message }, 'idle source connection lost'));
  const lock = new LeaderLock(urls.analytics, logger, opts.lockPollMs ?? 1000, opts.backoff);
  let scorer: Scorer | undefined;
  try {
    scorer = await createScorer(config.nlp);
    const models = new ScoringModelCache(scorer.modelName, logger, config.kpis);
    const oneHot = await preflight(analytics, config, models);
    const ctx = {
      analytics,
      sources,
      config,
      logger,
      scorer,
      models,
      instance,
      oneHotColumns: oneHot,
      maxBatch: opts.maxBatch,
      lockWaitMs: opts.batchLockWaitMs ?? 1000,
      beforeCommit: deps.hooks?.beforeCommit,
      afterTexts: deps.hooks?.afterTexts,
    };
    while (!signal.aborted) {
      if (!(await lock.acquire(signal))) break;
      summary.activations++;
      logger.info({ instance, debounceMs: opts.debounceMs, maxBatch: opts.maxBatch }, 'active watcher');
      deps.hooks?.onActive?.();
      const sourceUrls = { auth: urls.auth, social: urls.social, messaging: urls.messaging };
      await new ActiveSession(ctx, sourceUrls, lock, signal, opts, summary, deps.hooks).run();
      if (lock.lost !== undefined && !signal.aborted) logger.warn({ reason: lock.lost }, 'lost the watch lock: standing by');
    }
    logger.info({ ...summary }, 'watch stopped');
    return summary;
  } finally {
    await lock.release();
    await scorer?.close?.();
    await endPools(analytics, sources);
  }
}

/** Refuses to start without the schema, the configured one-hot columns, or a full run's models. */
async function preflight(pool: pg.Pool, config: Readonly<Config>, models: ScoringModelCache): Promise<string[]> {
  const client = await connectAnalytics(pool);
  try {
    await requireSchema(client);
    const { rows } = await client.query<{ ok: boolean }>(`SELECT to_regclass('watch_state') IS NOT NULL AS ok`);
    if (!rows[0].ok) throw new ConfigError('the analytics database lacks the watch tables: run `aura-miner migrate`');
    const wanted = oneHotColumns(config.interestTags, config.communityCategories);
    const have = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'user_feature_vector' AND column_name = ANY($1)`,
      [wanted],
    );
    const missing = wanted.filter((c) => !have.rows.some((r) => r.column_name === c));
    if (missing.length) throw new ConfigError(`user_feature_vector has no ${missing.join(', ')}: run \`aura-miner etl\` with this configuration first`);
    await models.current(client);
    return [...new Set(wanted)];
  } finally {
    client.release();
  }
}
