// `aura-miner demo`: embedded PostgreSQL + synthetic data + migrate + etl, then a summary (and with --serve, the dashboard).
import type { Command } from 'commander';
import { DEFAULT_DATA_SEED, DEFAULT_SYNTHETIC_USERS } from '../../demo/defaults.js';
import { INPUT_RANGES as R } from '../../input-ranges.js';
import { createContext } from '../context.js';
import { createDemoFinish } from '../demo-finish.js';
import { rangeOption } from '../parse.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('embedded PostgreSQL + synthetic AURA data + migrate + etl, then a summary')
    .addOption(rangeOption('--users <n>', 'synthetic users to create on the first run', R.users, DEFAULT_SYNTHETIC_USERS))
    .addOption(rangeOption('--seed <n>', 'seed of the synthetic data', R.seed, DEFAULT_DATA_SEED))
    .option('--dir <path>', 'embedded PostgreSQL folder (default ~/.cache/aura-miner/pg, or AURA_EMBEDDED_DIR)')
    .option('--charts <dir>', 'where the SVG charts go', 'out/charts')
    .option('--keep-running', 'keep the embedded PostgreSQL running after the summary until Ctrl-C (prints a psql line)')
    .option('--serve', 'then serve the dashboard from the demo database until Ctrl-C (prints its URL and a token)')
    .addOption(rangeOption('--port <n>', 'with --serve: port (default SERVICE_PORT, 8001; 0 picks a free port)', R.port))
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd, { AURA_EMBEDDED_DIR: opts.dir });
      const { runDemo } = await import('../../demo/run-demo.js');
      await runDemo(
        { config: ctx.config, logger: ctx.logger, progress: ctx.progress },
        {
          users: opts.users,
          seed: opts.seed,
          chartsDir: opts.charts,
          onReady: createDemoFinish(ctx, { keepRunning: opts.keepRunning, serve: opts.serve, port: opts.port as number | undefined, dir: opts.dir }),
        },
      );
    });
}
