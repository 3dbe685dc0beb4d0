// `aura-miner etl [--dry-run]`: extract + transform + load in one streaming process.
import type { Command } from 'commander';
import { DATASETS } from '../../model/datasets.js';
import { createContext, withDatabases } from '../context.js';
import { referenceTimeOption } from '../parse.js';
import { addClusterOptions, parseClusterOptions } from './cluster.js';
import { exportAfterRun } from './export.js';
import { clusterSummary, etlSummary, formatPlan } from '../format.js';

export function registerEtl(program: Command): void {
  const etl = program
    .command('etl')
    .description('extract + transform + load in one streaming process')
    .option('--cluster', 'run `cluster` after a successful load (its flags apply)')
    .option('--skip-scoring', 'aggregate only: vectors from the scores stored by `score --shard` runs, no text read')
    .option('--dry-run', 'check every connection and print the plan; write nothing')
    .option('--nlp <backend>', 'NLP backend: lexicon | transformer')
    .addOption(referenceTimeOption("the run's reference time (default: now)"))
    .option('--no-crisis-alerts', 'store crisis flags and counts but send no CRITICAL_ALERT for crisis language (AURA_CRISIS_ALERTS=false)')
    .option('--list-tables', 'list the datasets and exit')
    .option('--export <target>', 'last step: `export --to <target>` (default: AURA_EXPORT_TARGET when set)');
  addClusterOptions(etl).action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd, { NLP_BACKEND: opts.nlp, AURA_CRISIS_ALERTS: opts.crisisAlerts === false ? 'false' : undefined });
      if (opts.listTables) return ctx.print(DATASETS.map((d) => ({ name: d.name, source: d.source })), () => DATASETS.map((d) => `${d.name}\t${d.source}`).join('\n'));
      const referenceTime = opts.referenceTime as Date | undefined;
      const clusterOptions = opts.cluster ? parseClusterOptions(opts) : undefined;
      await withDatabases(ctx, async ({ urls, connections }) => {
        if (opts.dryRun) {
          const { planEtl } = await import('../../etl/plan.js');
          const plan = await planEtl(ctx.config, urls);
          ctx.print(plan, () => formatPlan(plan));
          return;
        }
        const { runEtl } = await import('../../etl/pipeline.js');
        const result = await runEtl({ config: ctx.config, ...connections, logger: ctx.logger, progress: ctx.progress }, { referenceTime, skipScoring: Boolean(opts.skipScoring) });
        if (!clusterOptions) {
          ctx.summarize(result, () => etlSummary(result));
          return exportAfterRun(ctx, urls, opts.export);
        }
        const { runCluster } = await import('../../cluster/run-cluster.js');
        const cluster = await runCluster({ ...connections, logger: ctx.logger }, clusterOptions);
        ctx.summarize({ etl: result, cluster }, () => [etlSummary(result, { next: false }), clusterSummary(cluster, ctx.config)]);
        await exportAfterRun(ctx, urls, opts.export);
      });
    });
}
