// `aura-miner demo`: embedded PostgreSQL + synthetic data + migrate + etl, then a summary.
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { DemoResult } from '../../demo/run-demo.js';
import { DEFAULT_DATA_SEED, DEFAULT_SYNTHETIC_USERS } from '../../demo/defaults.js';
import { INPUT_RANGES as R } from '../../input-ranges.js';
import { createContext } from '../context.js';
import { rangeOption } from '../parse.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('embedded PostgreSQL + synthetic AURA data + migrate + etl, then a summary')
    .addOption(rangeOption('--users <n>', 'synthetic users to create on the first run', R.users, DEFAULT_SYNTHETIC_USERS))
    .addOption(rangeOption('--seed <n>', 'seed of the synthetic data', R.seed, DEFAULT_DATA_SEED))
    .option('--dir <path>', 'embedded PostgreSQL folder (default ~/.cache/aura-miner/pg, or AURA_EMBEDDED_DIR)')
    .option('--charts <dir>', 'where the SVG charts go', 'out/charts')
    .option('--keep-running', 'keep the embedded PostgreSQL running after the summary until Ctrl-C')
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd, { AURA_EMBEDDED_DIR: opts.dir });
      const { runDemo } = await import('../../demo/run-demo.js');
      await runDemo(
        { config: ctx.config, logger: ctx.logger, progress: ctx.progress },
        {
          users: opts.users,
          seed: opts.seed,
          chartsDir: opts.charts,
          onReady: async (result) => {
            ctx.print(result, () => summary(result));
            if (!opts.keepRunning) return;
            process.stderr.write('embedded PostgreSQL is running; press Ctrl-C to stop it\n');
            await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
          },
        },
      );
    });
}

function summary(r: DemoResult): string {
  const t = r.etl.texts;
  const url = r.analyticsUrl.replace(/:[^:@/]+@/, ':<password>@');
  return [
    `aura-miner demo`,
    `  sources: ${r.seeded.skipped ? 'reused (already seeded)' : `seeded ${r.seeded.users} users, ${r.seeded.messages} messages, ${r.seeded.posts} posts, ${r.seeded.comments} comments`}`,
    `  feature vectors: ${r.etl.users} users (run ${r.etl.runId})`,
    `  risk: ${r.cluster.levels.map((l) => `${l.level} ${l.users} (${(l.share * 100).toFixed(1)}%)`).join(', ')}`,
    `  charts: ${r.charts.length} SVG files in ${dirname(r.charts[0])}`,
    `  texts: ${t.scored} scored, ${t.read} read, ${t.skipped} skipped as empty or too short (model ${r.etl.nlpModel})`,
    `  seconds: ${Object.entries({ ...r.seconds, ...prefix('etl.', r.etl.seconds) }).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  data: ${r.dataDir} (embedded PostgreSQL; run \`aura-miner demo --keep-running\` to query it)`,
    `  query: psql "${url}" -c "SELECT cluster_label, count(*) FROM user_feature_vector GROUP BY 1"`,
    `         (password: aura-miner-embedded)`,
  ].join('\n');
}

function prefix(p: string, o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k, v]));
}
