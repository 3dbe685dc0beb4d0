// load --in DIR: the transform's files into the analytics database, atomically (same load as `etl`).
import type { DatabaseUrls } from '../config.js';
import { withAnalyticsPool, type RunConnections } from '../db/connections.js';
import { withLockedRun } from '../db/locked-run.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { beginLoad, type LoadResult } from './load.js';
import { checkTransformDir } from './check-transform-dir.js';
import { fileStream, readManifest } from './stage-files.js';
import type { TransformManifest } from './transform-files.js';
import { readWatermarks, type Watermarks } from './watermarks.js';

export interface LoadDirResult extends LoadResult {
  runId: number;
  textsScored: number;
}

export async function loadDir(urls: DatabaseUrls | RunConnections, logger: Logger, opts: { in: string; beforeCommit?: () => Promise<void> }): Promise<LoadDirResult> {
  const m = readManifest<TransformManifest>(opts.in, 'aura-miner-transform');
  await checkTransformDir(opts.in, m);
  const connections = 'urls' in urls ? urls : { urls };
  return withAnalyticsPool(connections, 2, (pool) =>
    withLockedRun(pool, 'load', async ({ client, start }) => {
      const current = await readWatermarks(client, m.nlpModel);
      if (!sameWatermarks(current, m.watermarks.previous)) {
        throw new ConfigError(`${opts.in} is stale: the watermarks moved since it was extracted (another run loaded newer data); extract again`);
      }
      const runId = await start({ referenceTime: new Date(m.referenceTime), parameters: m.parameters, nlpModel: m.nlpModel });
      const started = performance.now();
      const session = await beginLoad(client, m.nlpModel);
      try {
        await session.copyScores(fileStream(opts.in, m.files.scores.file) as never, { format: 'csv', header: true });
        const result = await session.finish({
          runId,
          modelName: m.nlpModel,
          referenceTime: new Date(m.referenceTime),
          vectorRows: fileStream(opts.in, m.files.vectors.file) as never,
          vectorFormat: { format: 'csv', header: true },
          oneHotColumns: m.oneHotColumns,
          params: m.params,
          watermarks: m.watermarks.next,
          stats: { textsRead: m.texts.read, textsScored: m.texts.scored, textsRemoved: m.texts.removed, stageSeconds: { load: (performance.now() - started) / 1000 }, parameters: m.parameters },
          beforeCommit: opts.beforeCommit,
        });
        logger.info({ runId, users: result.users }, 'load finished');
        return { runId, textsScored: m.texts.scored, ...result };
      } catch (err) {
        await session.abort();
        throw err;
      }
    }),
  );
}

function sameWatermarks(a: Watermarks, b: Watermarks): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Watermarks>;
  for (const k of keys) if (a[k]?.lastUs !== b[k]?.lastUs) return false;
  return true;
}
