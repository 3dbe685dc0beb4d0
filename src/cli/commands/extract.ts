// `aura-miner extract --out DIR`: stream the source datasets out with COPY into CSV files + manifest.json.
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { DATASETS, selectDatasets } from '../../model/datasets.js';
import { ConfigError } from '../../errors.js';
import { createContext, withDatabases } from '../context.js';
import { extractSummary } from '../format.js';
import { referenceTimeOption } from '../parse.js';

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('stream source data out with COPY into DIR (one CSV per dataset + manifest.json)')
    .option('--out <dir>', 'output folder', 'out/extract')
    .option('--tables <names>', 'comma-separated datasets (default: all; see --list-tables)')
    .option('--list-tables', 'list the datasets and exit')
    .addOption(referenceTimeOption("the run's reference time (default: now)"))
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd);
      if (opts.listTables) return ctx.print(DATASETS.map((d) => ({ name: d.name, source: d.source, kind: d.kind })), () => DATASETS.map((d) => `${d.name}\t${d.source}\t${d.kind}`).join('\n'));
      const { selected, unknown } = selectDatasets(opts.tables?.split(',').map((s: string) => s.trim()).filter(Boolean));
      if (unknown.length) throw new ConfigError(`unknown dataset(s) ${unknown.join(', ')}; known: ${DATASETS.map((d) => d.name).join(', ')}`);
      const referenceTime = opts.referenceTime as Date | undefined;
      // A --out that cannot be a folder (a file, no permission) fails here, before any database is opened.
      mkdirSync(opts.out, { recursive: true });
      await withDatabases(ctx, async ({ urls }) => {
        const { extractToDir } = await import('../../etl/extract-files.js');
        const m = await extractToDir(ctx.config, urls, { out: opts.out, datasets: selected, referenceTime, progress: ctx.progress });
        ctx.summarize(m, () => extractSummary(m, opts.out));
      });
    });
}
