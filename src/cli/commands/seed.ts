// `aura-miner seed --users N`: write synthetic AURA data into the three source databases.
import type { Command } from 'commander';
import { DEFAULT_DATA_SEED, DEFAULT_SYNTHETIC_USERS } from '../../demo/defaults.js';
import { INPUT_RANGES as R } from '../../input-ranges.js';
import { ESTIMATED_ROWS_PER_USER } from '../../synth/context.js';
import { createContext, withDatabases } from '../context.js';
import { rangeOption, referenceTimeOption } from '../parse.js';

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('write synthetic AURA data into the three source databases (COPY, reproducible)')
    .addOption(rangeOption('--users <n>', 'number of users', R.users, DEFAULT_SYNTHETIC_USERS))
    .addOption(rangeOption('--seed <n>', 'PRNG seed: same seed, same data', R.seed, DEFAULT_DATA_SEED))
    .option('--truth <file>', 'write the planted risk level of every population user to this CSV (never to the databases)')
    .option('--reset', 'truncate the source tables first (synthetic databases only)')
    .addOption(referenceTimeOption('timestamps are generated relative to this instant (default: now)'))
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd);
      const referenceTime = (opts.referenceTime as Date | undefined) ?? new Date();
      await withDatabases(ctx, async ({ urls }) => {
        const task = ctx.progress.task('rows written', opts.users * ESTIMATED_ROWS_PER_USER);
        const { seedDatabases } = await import('../../demo/seed-databases.js');
        const r = await seedDatabases(urls, {
          users: opts.users,
          seed: opts.seed,
          referenceTime,
          truthFile: opts.truth,
          reset: Boolean(opts.reset),
          timezone: ctx.config.timezone,
          onProgress: (p) => task.increment(p.rows),
        });
        task.stop();
        ctx.print(r, () => (r.skipped ? 'nothing seeded' : `seeded ${r.users} users (${r.population} in the population): ${r.messages} messages, ${r.posts} posts, ${r.comments} comments in ${r.seconds.toFixed(1)} s`));
      });
    });
}
