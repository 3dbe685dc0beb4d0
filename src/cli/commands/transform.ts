// `aura-miner transform --in DIR --out DIR`: KPIs + NLP + normalisation -> feature vectors (no database needed).
import type { Command } from 'commander';
import { createContext } from '../context.js';
import { transformSummary } from '../format.js';

export function registerTransform(program: Command): void {
  program
    .command('transform')
    .description('KPIs + NLP + normalisation: extract files -> feature vectors and per-text scores')
    .option('--in <dir>', 'folder written by extract', 'out/extract')
    .option('--out <dir>', 'output folder', 'out/transform')
    .option('--nlp <backend>', 'NLP backend: lexicon | transformer')
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd, { NLP_BACKEND: opts.nlp });
      try {
        const { transformDir } = await import('../../etl/transform-files.js');
        const m = await transformDir(ctx.config, { in: opts.in, out: opts.out, progress: ctx.progress });
        ctx.summarize(m, () => transformSummary(m, opts));
      } finally {
        ctx.progress.stop();
      }
    });
}
