// `aura-miner load --in DIR`: COPY the transform's output into the analytics database, atomically.
import type { Command } from 'commander';
import { createContext, withDatabases } from '../context.js';
import { loadSummary } from '../format.js';

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('COPY feature vectors into the analytics database, atomically')
    .option('--in <dir>', 'folder written by transform', 'out/transform')
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd);
      await withDatabases(ctx, async ({ connections }) => {
        const { loadDir } = await import('../../etl/load-files.js');
        const r = await loadDir(connections, ctx.logger, { in: opts.in });
        ctx.summarize(r, () => loadSummary(r, opts.in));
      });
    });
}
