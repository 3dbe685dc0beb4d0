// `score [--shard i/n]`: scores the changed texts of one shard and stores the scores only (no vectors).
import type { Config } from '../config.js';
import { withRunPools, type RunConnections } from '../db/connections.js';
import { withLockedRun } from '../db/locked-run.js';
import type { Logger } from '../log.js';
import { createScorer } from '../nlp/create-scorer.js';
import { emptyScoreCounters, type ScoreCounters } from '../nlp/score-texts.js';
import type { Progress } from '../progress.js';
import { estimateChangedTexts } from './text-estimates.js';
import { beginLoad, type LoadSession } from './load.js';
import { readSenderMap } from './pipeline.js';
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
export async function runScoring(deps: { config: Readonly<Config>; logger: Logger; progress: Progress } & RunConnections): Promise<ScoreRunResult> {
  const { config, logger, progress } = deps;
  const shard = config.shard;
  const started = performance.now();
  return withRunPools(deps, 2, 3, (analytics, sources) =>
    withLockedRun(
      analytics,
      'score',
      async ({ client, start }) => {
        let session: LoadSession | undefined;
        try {
          const scorer = await createScorer(config.nlp, { logger });
          const previous = await readWatermarks(client, scorer.modelName, shard);
          const runId = await start({ referenceTime: new Date(), parameters: { shard }, nlpModel: scorer.modelName });
          logger.info({ runId, shard, nlpModel: scorer.modelName }, 'scoring started');
          session = await beginLoad(client, scorer.modelName, { buildFirstPartition: false });
          const counters = emptyScoreCounters();
          const task = progress.task(`texts scored ${shard.index}/${shard.count}`);
          void estimateChangedTexts(sources, previous, shard).then((n) => n && task.setTotal(n));
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
          throw err;
        }
      },
      { shard },
    ),
  );
}
