// etl: extract -> transform -> load in one streaming process, texts scored while they stream (SPEC §1).
import type pg from 'pg';
import type { Config } from '../config.js';
import { withRunPools, type RunConnections, type SourcePools } from '../db/connections.js';
import { withLockedRun, type LockedRun } from '../db/locked-run.js';
import { NothingToDoError } from '../errors.js';
import type { Logger } from '../log.js';
import { createScorer } from '../nlp/create-scorer.js';
import { emptyScoreCounters, type ScoreCounters } from '../nlp/score-texts.js';
import { UserScoreSums } from '../nlp/user-score-sums.js';
import type { Progress } from '../progress.js';
import { estimateChangedTexts } from './text-estimates.js';
import { MESSAGING_SENDERS, SOCIAL_PROFILE_USERS, USER_DATASETS, userDatasetsFor, type Columns, type DatasetDef } from '../model/datasets.js';
import { collectDataset, userDatasetSettings } from './extract.js';
import { transformColumns } from '../model/kpi-columns.js';
import { KPIS } from '../model/kpis.js';
import { beginLoad, type LoadSession } from './load.js';
import { buildFeatureVectors, mapSendersToUsers, type UserDatasets } from './transform.js';
import { vectorBinaryChunks, vectorColumnTypes } from './vector-csv.js';
import { readMessageCountState, readMessagingUsers, readStoredCounts, type CountMode } from './message-counts.js';
import { scoreChangedTexts } from './score-changed-texts.js';
import { readWatermarks, WHOLE, type Watermarks } from './watermarks.js';

export interface EtlDeps extends RunConnections {
  config: Readonly<Config>;
  logger: Logger;
  progress: Progress;
}

export interface EtlOptions {
  /** The run's reference time (KPI 2, extraction_date). @default now */
  referenceTime?: Date;
  /**
   * Aggregate only: build vectors from the scores already stored (by sharded `score` runs), reading
   * and scoring no text.
   */
  skipScoring?: boolean;
  /** Test seam forwarded to load. */
  beforeCommit?: () => Promise<void>;
  /** Test seam: the share of senders to recount above which all messages are counted again. */
  recountLimitShare?: number;
  /** Called once the run's etl_runs row exists (serve links its job to it). */
  onRunStarted?: (runId: number) => void;
}

export interface EtlResult {
  runId: number;
  referenceTime: string;
  users: number;
  texts: ScoreCounters;
  nlpModel: string;
  /** How KPI 3's message counts were obtained: all counted again, or only the changes since the last run. */
  messageCounts: { mode: CountMode; reason?: string; changedSenders: number; recounted: number };
  /** Users with crisis texts in the 30 days before the reference time; CRITICAL_ALERTs sent for new ones. */
  crisis: { users: number; alerts: number };
  seconds: Record<string, number>;
}

export async function runEtl(deps: EtlDeps, opts: EtlOptions = {}): Promise<EtlResult> {
  // Social: profiles, profile -> user, posts, comments at once; messaging: users, senders, messages.
  return withRunPools(deps, 2, 4, (analytics, sources) => withLockedRun(analytics, 'etl', (run) => etlLocked(deps, opts, analytics, sources, run)));
}

async function etlLocked(deps: EtlDeps, opts: EtlOptions, analytics: pg.Pool, sources: SourcePools, run: LockedRun<'etl'>): Promise<EtlResult> {
  const { config, logger, progress } = deps;
  const kpis = config.kpis ?? KPIS;
  const { client } = run;
  const started = performance.now();
  let session: LoadSession | undefined;
  try {
    const referenceTime = opts.referenceTime ?? new Date();
    const scorer = await createScorer(config.nlp, { logger });
    const previous = await readWatermarks(client, scorer.modelName);
    const parameters = { timezone: config.timezone, interestTags: config.interestTags, communityCategories: config.communityCategories, winsorQuantile: config.winsorQuantile };
    const runId = await run.start({ referenceTime, parameters, nlpModel: scorer.modelName });
    opts.onRunStarted?.(runId);
    logger.info({ runId, referenceTime, nlpModel: scorer.modelName, incremental: Object.keys(previous).length > 0 }, 'etl started');

    session = await beginLoad(client, scorer.modelName);
    const seconds: Record<string, number> = {};
    const timed = async <T>(name: string, f: () => Promise<T>) => {
      const t = performance.now();
      const r = await f();
      seconds[name] = round((performance.now() - t) / 1000);
      return r;
    };

    const counters = emptyScoreCounters();
    const textsTask = progress.task('texts scored');
    if (!opts.skipScoring) void estimateChangedTexts(sources, previous).then((n) => n && textsTask.setTotal(n));
    // Per-user datasets and posts/comments stream at once; messages wait for the sender map (two small
    // reads: profile -> auth user, sender -> profile). Message counts (KPI 3) reuse the stored ones:
    // only messages added since, and senders whose older messages changed, are counted.
    const stored = readStoredCounts(analytics);
    stored.catch(() => {}); // a failure is reported once, through the messaging read
    const messaging = readMessageCountState(analytics).then((prev) => readMessagingUsers(sources, config, prev, () => stored, opts.recountLimitShare));
    const datasets: UserDatasetPromises = {
      population: readUserDataset(sources, config, 'population'),
      social_profiles: readUserDataset(sources, config, 'social_profiles'),
      messaging_users: messaging.then((m) => m.columns),
    };
    // Messages wait only for the small profile -> user and sender -> profile reads (none without scoring).
    const userMap = opts.skipScoring ? Promise.resolve(new Map<number, string>()) : readSenderMap(sources);
    userMap.catch(() => {}); // a failure is reported once, through the texts
    // The transform (seconds at 1M users, all synchronous) waits for the sender map too: started during it, the
    // map's reads would stall until it ends, and with them the messages, the score store and the vectors' load.
    const transformedPromise = timed('extract_users', () => collectUserDatasets(datasets)).then(async (users) => {
      await userMap.catch(() => {});
      if (users.population.user_id.length === 0) throw new NothingToDoError('the source population is empty: no active users with id_role = 2 in aura_auth');
      const t = performance.now();
      const r = buildFeatureVectors(users, {
        referenceTime,
        interestTags: config.interestTags,
        communityCategories: config.communityCategories,
        winsorQuantile: config.winsorQuantile,
        kpis,
        // The raw columns are dead once joined (at 1M users a few hundred MB, at the transform's memory peak).
        afterJoin: () => {
          releaseColumns(users.population);
          releaseColumns(users.messaging_users);
          releaseColumns(users.social_profiles);
        },
      });
      seconds.transform = round((performance.now() - t) / 1000);
      return r;
    });
    // A model's first run adds up the per-user sums as it scores, instead of a pass over the stored scores after.
    const userSums = session.firstRun && !opts.skipScoring ? new UserScoreSums() : undefined;
    const texts = opts.skipScoring
      ? undefined
      : scoreChangedTexts({
          sources, scorer, previous, shard: WHOLE, batchSize: config.nlp.batchSize * 16, userMap, counters,
          onBatch: (n) => textsTask.increment(n),
          onScored: userSums && ((row, score) => userSums.add(row.userRef as string, score)),
        });
    // The stored message counts are dead once merged into the messaging dataset.
    Promise.all([messaging, stored]).then(([, counts]) => counts.clear(), () => {});
    const [transformed] = await Promise.all([
      transformedPromise,
      // The sender map (a million entries at 1M users) is dead once the texts are read.
      texts &&
        timed('score_texts', () => session!.copyScores(texts.rows, { format: 'binary' }))
          .finally(() => userMap.then((m) => m.clear(), () => {}))
          // Stored while the per-user reads and the transform may still run (a re-run's texts are read first).
          .then(() => session!.storeScores(userSums, seconds))
          .then(() => messaging)
          .then((counts) => session!.storeMessageCounts(counts, runId, seconds)),
    ]);
    textsTask.stop();
    const watermarks: Watermarks = texts ? texts.nextWatermarks() : {};
    const counts = await messaging;
    const messageCounts = { mode: counts.mode, reason: counts.reason, changedSenders: counts.changed.ids.length, recounted: counts.recounted };
    logger.info(messageCounts, 'message counts');
    // The transform's own list: tags naming the same column (`gaming,Gaming`) give one column.
    const oneHot = transformed.vectors.columns.slice(transformColumns(kpis).length);
    const loaded = await timed('load', () =>
      session!.finish({
        runId,
        modelName: scorer.modelName,
        referenceTime,
        vectorRows: vectorBinaryChunks(transformed.vectors, vectorColumnTypes(transformed.vectors.columns, kpis)),
        kpis,
        vectorFormat: { format: 'binary' },
        oneHotColumns: oneHot,
        params: transformed.params,
        watermarks,
        messageCounts: counts,
        userSums,
        stats: { textsRead: counters.read, textsScored: counters.scored, textsRemoved: counters.removed, stageSeconds: seconds, parameters },
        beforeCommit: opts.beforeCommit,
        crisisAlerts: config.crisisAlerts,
      }),
    );
    seconds.total = round((performance.now() - started) / 1000);
    const result: EtlResult = {
      runId,
      referenceTime: referenceTime.toISOString(),
      users: loaded.users,
      texts: { ...counters },
      nlpModel: scorer.modelName,
      messageCounts,
      crisis: { users: loaded.crisisUsers, alerts: loaded.crisisAlerts },
      seconds,
    };
    await scorer.close?.();
    logger.info({ runId, users: result.users, texts: result.texts, seconds }, 'etl finished');
    return result;
  } catch (err) {
    await session?.abort();
    throw err;
  }
}

type UserDatasetPromises = Record<keyof UserDatasets, Promise<Columns>>;

/**
 * Messaging user -> auth user, from two small reads started now (social profile -> user, messaging user ->
 * profile): messages can be attributed, and scored, before the full social profiles dataset arrives.
 */
export async function readSenderMap(sources: SourcePools): Promise<Map<number, string>> {
  const read = (def: DatasetDef) => collectDataset(sources, def, {});
  // Both awaited at once: a failure of either is this promise's, never an unhandled rejection of the other.
  const [profiles, senders] = await Promise.all([read(SOCIAL_PROFILE_USERS), read(MESSAGING_SENDERS)]);
  return mapSendersToUsers(profiles, senders);
}

/** Starts reading the three per-user datasets from the three sources in parallel. */
export function startUserDatasets(sources: SourcePools, config: Readonly<Config>): UserDatasetPromises {
  const started = {} as UserDatasetPromises;
  for (const def of USER_DATASETS) started[def.name as keyof UserDatasets] = readUserDataset(sources, config, def.name as keyof UserDatasets);
  return started;
}

export function readUserDataset(sources: SourcePools, config: Readonly<Config>, name: keyof UserDatasets): Promise<Columns> {
  const def = userDatasetsFor(config.kpis, config.extractSqlDir).find((d) => d.name === name)!;
  return collectDataset(sources, def, userDatasetSettings({ timezone: config.timezone }));
}

export async function collectUserDatasets(p: UserDatasetPromises): Promise<UserDatasets> {
  const [population, social_profiles, messaging_users] = await Promise.all([p.population, p.social_profiles, p.messaging_users]);
  return { population, social_profiles, messaging_users };
}

/** The three per-user datasets, read from the three sources in parallel. */
export async function extractUserDatasets(sources: SourcePools, config: Readonly<Config>): Promise<UserDatasets> {
  return collectUserDatasets(startUserDatasets(sources, config));
}

/** Empties a dataset's columns in place (every holder of the object sees it empty). */
function releaseColumns(c: Columns): void {
  for (const name of Object.keys(c)) c[name] = [];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
