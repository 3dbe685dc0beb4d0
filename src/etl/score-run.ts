// `score [--shard i/n]`: scores the changed texts of one shard and stores the scores only (no vectors).
import type { Config, DatabaseUrls } from '../config.js';
import { connectAnalytics, createAnalyticsPool, createSourcePools, endPools } from '../db/connections.js';
import { BusyError } from '../errors.js';
import type { Logger } from '../log.js';
import { createScorer } from '../nlp/create-scorer.js';
import { emptyScoreCounters, type ScoreCounters } from '../nlp/score-texts.js';
import type { Progress } from '../progress.js';
import { beginLoad, type LoadSession } from './load.js';
import { readSenderMap } from './pipeline.js';
import { requireSchema } from './preflight.js';
import { failRunRecord, releaseShardLocks, startRunRecord, tryShardLocks } from './run-record.js';
import { scoreChangedTexts } from './score-changed-texts.js';
import { readWatermarks, type Shard } from './watermarks.js';

export interface ScoreRunResult {
  runId: number;
  shard: Shard;
  texts: ScoreCounters;
  stored: number;
  nlpModel: string;
  seconds: number;
}

/**
 * Shards run in parallel (pods of an Indexed Job): each holds the ETL lock in shared mode (so no etl
 * runs meanwhile) plus its own shard lock, reads only texts with id mod n = i, and stores their scores
 * with its own watermarks. `etl --skip-scoring` then aggregates (SPEC §4: the index is SQL over stored scores).
 */
export async function runScoring(deps: { config: Readonly<Config>; urls: DatabaseUrls; logger: Logger; progress: Progress }): Promise<ScoreRunResult> {
  const { config, urls, logger, progress } = deps;
  const shard = config.shard;
  const started = performance.now();
  const analytics = createAnalyticsPool(urls.analytics, 2);
  const sources = createSourcePools(urls, 3);
  const client = await connectAnalytics(analytics);
  let locked = false;
  let runId: number | undefined;
  let session: LoadSession | undefined;
  try {
    await requireSchema(client);
    if (!(locked = await tryShardLocks(client, shard))) throw new BusyError(`shard ${shard.index}/${shard.count} is already running, or an etl/load/cluster run holds the lock`);
    const scorer = await createScorer(config.nlp, { logger });
    const previous = await readWatermarks(client, scorer.modelName, shard);
    const referenceTime = new Date();
    runId = await startRunRecord(analytics, 'score', referenceTime, { shard }, scorer.modelName);
    logger.info({ runId, shard, nlpModel: scorer.modelName }, 'scoring started');
    session = await beginLoad(client, scorer.modelName, { buildFirstPartition: false });
    const counters = emptyScoreCounters();
    const task = progress.task(`texts scored ${shard.index}/${shard.count}`);
    const userMap = readSenderMap(sources);
    const texts = scoreChangedTexts({ sources, scorer, previous, shard, batchSize: config.nlp.batchSize * 16, userMap, counters, onBatch: (n) => task.increment(n) });
    await session.copyScores(texts.rows, { format: 'binary' });
    task.stop();
    const seconds = (performance.now() - started) / 1000;
    const stored = await session.finishScoresOnly({
      runId,
      modelName: scorer.modelName,
      watermarks: texts.nextWatermarks(),
      shard,
      stats: { textsRead: counters.read, textsScored: counters.scored, textsRemoved: counters.removed, stageSeconds: { score: seconds }, parameters: { shard } },
    });
    await scorer.close?.();
    logger.info({ runId, shard, counts: counters, seconds }, 'scoring finished');
    return { runId, shard, texts: counters, stored, nlpModel: scorer.modelName, seconds };
  } catch (err) {
    await session?.abort();
    if (runId !== undefined) await failRunRecord(analytics, runId, err);
    throw err;
  } finally {
    if (locked) await releaseShardLocks(client, shard).catch(() => {});
    client.release();
    await endPools(analytics, sources);
  }
}
