// `aura-miner svg --out DIR`: the five SVG charts of the latest cluster run.
import type { Command } from 'commander';
import { createAnalyticsPool, endPools } from '../../db/connections.js';
import { ConfigError } from '../../errors.js';
import { createContext, withDatabases } from '../context.js';

export function registerSvg(program: Command): void {
  program
    .command('svg')
    .description('write the SVG charts of the latest cluster run')
    .option('--out <dir>', 'output folder', 'out/charts')
    .option('--lang <lang>', 'label language: es | en', 'es')
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd);
      if (opts.lang !== 'es' && opts.lang !== 'en') throw new ConfigError(`--lang must be es or en, got "${opts.lang}"`);
      await withDatabases(ctx, async ({ urls }) => {
        const pool = createAnalyticsPool(urls.analytics, 1);
        try {
          const { loadLatestChartData, writeChartFiles } = await import('../../charts/chart-files.js');
        const stored = await loadLatestChartData(pool);
          const files = writeChartFiles(stored.data, opts.out, opts.lang);
          ctx.print({ clusterRunId: stored.clusterRunId, files }, () => `charts of cluster run ${stored.clusterRunId}:\n${files.map((f) => '  ' + f).join('\n')}`);
        } finally {
          await endPools(pool);
        }
      });
    });
}
