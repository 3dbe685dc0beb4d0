// `aura-miner cluster`: ensemble risk classification of the loaded vectors.
import type { Command } from 'commander';
import { DEFAULT_CLUSTER_SEED } from '../../cluster/defaults.js';
import type { ClusterSummary } from '../../cluster/run-cluster.js';
import { defaultMinSignals } from '../../cluster/risk-signals.js';
import { DEFAULT_VOTE_RULE, VOTE_RULES, type VoteRule } from '../../cluster/vote.js';
import { KPI_COLUMNS } from '../../model/feature-vector.js';
import { ConfigError } from '../../errors.js';
import { createContext, withDatabases, type CommandContext } from '../context.js';
import { clusterSummary } from '../format.js';
import { parsePositiveInt, parseUnitInterval, parsePositiveNumber } from '../parse.js';

export function addClusterOptions(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'random seed: same seed and vectors, same labels', String(DEFAULT_CLUSTER_SEED))
    .option('--k <n>', 'K-Means clusters', '4')
    .option('--eps <x>', 'DBSCAN radius (default: chosen from the k-distance curve, logged)')
    .option('--min-pts <n>', 'DBSCAN minPts (default: 2 x dimensions)')
    .option('--contamination <x>', 'Isolation Forest share of voting points', '0.05')
    .option('--vote-rule <rule>', 'broad (>= 2 votes and risk signals on >= --min-signals KPIs = high) | majority (SPEC: >= 2 votes = high) | any-strong', DEFAULT_VOTE_RULE)
    .option('--min-signals <n>', `KPIs beyond the normal range on the risk side that make a majority high under broad (1-${KPI_COLUMNS.length})`, String(defaultMinSignals(KPI_COLUMNS.length)));
}

export function parseClusterOptions(opts: Record<string, string | undefined>) {
  const voteRule = opts.voteRule as VoteRule;
  if (!VOTE_RULES.includes(voteRule)) throw new ConfigError(`--vote-rule must be one of ${VOTE_RULES.join(', ')}, got "${opts.voteRule}"`);
  return {
    seed: parsePositiveInt('--seed', opts.seed, 0),
    k: parsePositiveInt('--k', opts.k, 2),
    eps: opts.eps === undefined ? undefined : parsePositiveNumber('--eps', opts.eps),
    minPts: opts.minPts === undefined ? undefined : parsePositiveInt('--min-pts', opts.minPts, 2),
    contamination: parseUnitInterval('--contamination', opts.contamination),
    voteRule,
    minSignals: parsePositiveInt('--min-signals', opts.minSignals, 1, KPI_COLUMNS.length),
  };
}

export function registerCluster(program: Command): void {
  addClusterOptions(program.command('cluster').description('ensemble risk classification of the loaded vectors (K-Means + DBSCAN + Isolation Forest)')).action(
    async (opts, cmd: Command) => {
      const ctx = createContext(cmd);
      const options = parseClusterOptions(opts);
      const { runCluster } = await import('../../cluster/run-cluster.js');
      await withDatabases(ctx, async ({ connections }) => printClusterSummary(ctx, await runCluster({ ...connections, logger: ctx.logger }, options)));
    },
  );
}

export function printClusterSummary(ctx: CommandContext, s: ClusterSummary): void {
  ctx.summarize(s, () => clusterSummary(s, ctx.config));
}
