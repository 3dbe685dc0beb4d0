// The one LISTEN client: a dedicated connection LISTENing on one channel, reconnecting with backoff when it drops.
import pg from 'pg';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff.js';
import { describePgError } from './connections.js';

export interface ListenClientOptions {
  url: string;
  channel: string;
  /** application_name of the listening session (operators and tests find it in pg_stat_activity). */
  applicationName: string;
  /** Session settings (`-c name=value ...`). */
  sessionOptions?: string;
  backoff?: BackoffOptions;
  /** Each NOTIFY payload on the channel. */
  onNotification: (payload: string) => void;
  /**
   * After every successful LISTEN, the first and each one after a reconnect. NOTIFY reaches only sessions
   * listening at COMMIT, so the caller must then catch up on (or forget caches of) what it may have missed.
   */
  onListening: (reconnect: boolean) => void;
  /** A connection attempt failed, or the listening connection was lost; the next attempt is in `retryInMs`. */
  onRetry?: (event: { reason: string; lost: boolean; retryInMs: number }) => void;
}

/**
 * A pooled connection cannot LISTEN (the pool hands it to other queries and recycles it), so the listener
 * owns one client. When it drops (database restart, network, `pg_terminate_backend`), it reconnects after a
 * capped exponential backoff with jitter, so a fleet of pods does not hammer a recovering database in step.
 */
export class ListenClient {
  private client: pg.Client | undefined;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private firstAttempt: (() => void) | undefined;

  constructor(private readonly opts: ListenClientOptions) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Starts listening in the background; resolves after the first attempt, whatever its outcome. */
  start(): Promise<void> {
    const attempted = new Promise<void>((resolve) => (this.firstAttempt = resolve));
    this.loop ??= this.run();
    return attempted;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.firstAttempt?.();
    await this.client?.end().catch(() => {});
    await this.loop;
  }

  private attempted(): void {
    this.firstAttempt?.();
    this.firstAttempt = undefined;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let connectedBefore = false;
    while (!this.stopping.signal.aborted) {
      const client = new pg.Client({
        connectionString: this.opts.url,
        application_name: this.opts.applicationName,
        options: this.opts.sessionOptions,
        keepAlive: true,
        connectionTimeoutMillis: 10_000,
      });
      // Attached before connecting: a dropped connection emits 'error' and would otherwise crash the process.
      const closed = new Promise<string>((resolve) => {
        client.on('error', (err) => resolve(describePgError(err)));
        client.on('end', () => resolve('connection ended'));
      });
      client.on('notification', (msg) => {
        if (msg.channel === this.opts.channel) this.opts.onNotification(msg.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(this.opts.channel)}`);
      } catch (err) {
        await client.end().catch(() => {});
        if (this.stopping.signal.aborted) break;
        const retryInMs = backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF);
        this.opts.onRetry?.({ reason: describePgError(err), lost: false, retryInMs });
        this.attempted();
        await sleep(retryInMs, this.stopping.signal);
        continue;
      }
      this.client = client;
      // stop() may have run while this connection was being opened (it had no client to end then).
      if (this.stopping.signal.aborted) {
        await client.end().catch(() => {});
        break;
      }
      attempt = 0;
      this.opts.onListening(connectedBefore);
      connectedBefore = true;
      this.attempted();
      const reason = await closed;
      this.client = undefined;
      await client.end().catch(() => {});
      if (this.stopping.signal.aborted) break;
      const retryInMs = backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF);
      this.opts.onRetry?.({ reason, lost: true, retryInMs });
      await sleep(retryInMs, this.stopping.signal);
    }
    this.client = undefined;
  }
}
