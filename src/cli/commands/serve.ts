// `aura-miner serve [--port N] [--host H]`: the v1/v2 HTTP + WebSocket API and the dashboard, until SIGTERM/SIGINT.
import type { Command } from 'commander';
import { INPUT_RANGES } from '../../input-ranges.js';
import { createContext, withDatabases } from '../context.js';
import { rangeOption } from '../parse.js';
import { serveUntilSignal, signalListenersAddedFromNow } from '../serve-until-signal.js';

/** Listen on every interface by default: `serve` is meant for a container or a host behind a proxy. */
export const DEFAULT_SERVE_HOST = '0.0.0.0';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the v1/v2 HTTP and WebSocket API and the dashboard (SPEC §7)')
    .addOption(rangeOption('--port <n>', 'port (default SERVICE_PORT, 8001; 0 picks a free port)', INPUT_RANGES.port))
    .option('--host <host>', 'interface to listen on', DEFAULT_SERVE_HOST)
    .action(async (opts: { port?: number; host: string }, cmd: Command) => {
      const ctx = createContext(cmd, { SERVICE_PORT: opts.port ? String(opts.port) : undefined });
      const port = opts.port === 0 ? 0 : ctx.config.servicePort;
      const removeAddedListeners = signalListenersAddedFromNow();
      await withDatabases(ctx, async ({ urls }) => {
        removeAddedListeners();
        if (!ctx.config.apiTokens.length) ctx.logger.warn('AURA_API_TOKENS is empty: every per-user and execute endpoint answers 401');
        await serveUntilSignal({ config: ctx.config, urls, logger: ctx.logger, port, host: opts.host, onListening: (url) => ctx.logger.info({ dashboard: url }, 'dashboard ready: open it in a browser') });
      });
    });
}
