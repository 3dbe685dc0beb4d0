// `aura-miner score [--shard i/n]`: score one shard's changed texts and store the scores (no vectors).
import type { Command } from 'commander';
import { parseShard } from '../../config.js';
import { createContext, withDatabases } from '../context.js';

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score the changed texts of one shard and store the scores only; then `etl --skip-scoring` aggregates')
    .option('--shard <i/n>', 'score texts whose id mod n = i (default: JOB_COMPLETION_INDEX with AURA_SHARD_COUNT, else 0/1)', (raw: string) => (parseShard(raw), raw))
    .option('--nlp <backend>', 'NLP backend: lexicon | transformer')
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd, { AURA_SHARD: opts.shard, NLP_BACKEND: opts.nlp });
      await withDatabases(ctx, async ({ connections }) => {
        const { runScoring } = await import('../../etl/score-run.js');
        const r = await runScoring({ config: ctx.config, ...connections, logger: ctx.logger, progress: ctx.progress });
        ctx.print(r, () => `shard ${r.shard.index}/${r.shard.count}: ${r.texts.scored} texts scored, ${r.texts.removed} removed, ${r.stored} stored (${r.nlpModel}) in ${r.seconds.toFixed(1)} s`);
      });
    });
}
