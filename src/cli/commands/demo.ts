// `aura-miner demo`: embedded PostgreSQL + synthetic data + migrate + etl, then a summary (and with --serve, the dashboard).
import type { Command } from 'commander';
import { createContext } from '../context.js';
import { createDemoFinish } from '../demo-finish.js';
import { parsePositiveInt } from '../parse.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('embedded PostgreSQL + synthetic AURA data + migrate + etl, then a summary')
    .option('--users <n>', 'synthetic users to create on the first run', '5000')
    .option('--seed <n>', 'seed of the synthetic data', '42')
    .option('--dir <path>', 'embedded PostgreSQL folder (default ~/.cache/aura-miner/pg, or AURA_EMBEDDED_DIR)')
    .option('--charts <dir>', 'where the SVG charts go', 'out/charts')
    .option('--keep-running', 'keep the embedded PostgreSQL running after the summary until Ctrl-C (prints a psql line)')
    .option('--serve', 'then serve the dashboard from the demo database until Ctrl-C (prints its URL and a token)')
    .option('--port <n>', 'with --serve: port (default SERVICE_PORT, 8001; 0 picks a free port)')
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd, { AURA_EMBEDDED_DIR: opts.dir });
      const users = parsePositiveInt('--users', opts.users);
      const seed = parsePositiveInt('--seed', opts.seed, 0);
      const port = opts.port === undefined ? undefined : parsePositiveInt('--port', opts.port, 0, 65535);
      const { runDemo } = await import('../../demo/run-demo.js');
      await runDemo(
        { config: ctx.config, logger: ctx.logger, progress: ctx.progress },
        {
          users,
          seed,
          chartsDir: opts.charts,
          onReady: createDemoFinish(ctx, { keepRunning: opts.keepRunning, serve: opts.serve, port, dir: opts.dir }),
        },
      );
    });
}
