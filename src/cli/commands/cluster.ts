// `aura-miner cluster`: ensemble risk classification of the loaded vectors.
import type { Command } from 'commander';
import { DEFAULT_CLUSTER_SEED, DEFAULT_CONTAMINATION, DEFAULT_K } from '../../cluster/defaults.js';
import type { ClusterSummary } from '../../cluster/run-cluster.js';
import { defaultMinSignals } from '../../cluster/risk-signals.js';
import { DEFAULT_VOTE_RULE, VOTE_RULES, type VoteRule } from '../../cluster/vote.js';
import { KPI_COLUMNS } from '../../model/feature-vector.js';
import { ConfigError } from '../../errors.js';
import { INPUT_RANGES as R, quoteValue } from '../../input-ranges.js';
import { createContext, withDatabases, type CommandContext } from '../context.js';
import { clusterSummary } from '../format.js';
import { exportAfterRun } from './export.js';
import { rangeOption } from '../parse.js';

export function addClusterOptions(cmd: Command): Command {
  return cmd
    .addOption(rangeOption('--seed <n>', 'random seed: same seed and vectors, same labels', R.seed, DEFAULT_CLUSTER_SEED))
    .addOption(rangeOption('--k <n>', 'K-Means clusters', R.k, DEFAULT_K))
    .addOption(rangeOption('--eps <x>', 'DBSCAN radius (default: chosen from the k-distance curve, logged)', R.eps))
    .addOption(rangeOption('--min-pts <n>', 'DBSCAN minPts (default: 2 x dimensions)', R.minPts))
    .addOption(rangeOption('--contamination <x>', 'Isolation Forest share of voting points', R.contamination, DEFAULT_CONTAMINATION))
    .option('--vote-rule <rule>', 'severity (>= 1 vote, risk signals on >= --min-signals KPIs and a severity beyond the fences >= that of --min-signals KPIs one normal spread beyond them = high) | broad (>= 2 votes and signals on >= --min-signals KPIs; 1 vote with signals on 5 of 6 too) | majority (SPEC: >= 2 votes = high) | any-strong', DEFAULT_VOTE_RULE)
    .addOption(rangeOption('--min-signals <n>', 'KPIs beyond the normal range on the risk side that a high user needs under severity and broad', R.minSignals, defaultMinSignals(KPI_COLUMNS.length)));
}

/** The cluster flags, already parsed and range-checked by commander (rangeOption), as runCluster options. */
export function parseClusterOptions(opts: Record<string, unknown>) {
  const voteRule = opts.voteRule as VoteRule;
  if (!VOTE_RULES.includes(voteRule)) throw new ConfigError(`--vote-rule must be one of ${VOTE_RULES.join(', ')}, got ${quoteValue(String(opts.voteRule))}`);
  return {
    seed: opts.seed as number,
    k: opts.k as number,
    eps: opts.eps as number | undefined,
    minPts: opts.minPts as number | undefined,
    contamination: opts.contamination as number,
    voteRule,
    minSignals: opts.minSignals as number,
  };
}

export function registerCluster(program: Command): void {
  addClusterOptions(program.command('cluster').description('ensemble risk classification of the loaded vectors (K-Means + DBSCAN + Isolation Forest)'))
    .option('--export <target>', 'last step: `export --to <target>` (default: AURA_EXPORT_TARGET when set)')
    .action(
    async (opts, cmd: Command) => {
      const ctx = createContext(cmd);
      const options = parseClusterOptions(opts);
      const { runCluster } = await import('../../cluster/run-cluster.js');
      await withDatabases(ctx, async ({ urls, connections }) => {
        printClusterSummary(ctx, await runCluster({ ...connections, logger: ctx.logger }, options));
        await exportAfterRun(ctx, urls, opts.export);
      });
    },
  );
}

export function printClusterSummary(ctx: CommandContext, s: ClusterSummary): void {
  ctx.summarize(s, () => clusterSummary(s, ctx.config));
}
