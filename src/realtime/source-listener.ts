// LISTENs on one source's `aura_changes` channel on a dedicated connection, reconnecting with backoff.
import pg from 'pg';
import type { SourceName } from '../etl/datasets.js';
import type { Logger } from '../log.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './backoff.js';
import { CHANGES_CHANNEL, parseChangePayload, type ChangeEvent } from './change-event.js';

/** application_name of the listening sessions (tests and operators find them in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = 'aura-miner watch listener';

export interface SourceListenerOptions {
  source: SourceName;
  url: string;
  logger: Logger;
  onChange: (e: ChangeEvent) => void;
  /**
   * Called after every successful LISTEN, the first and each one after a reconnect. NOTIFY reaches only
   * sessions listening at COMMIT, so the caller must then catch up on what it may have missed.
   */
  onListening: (source: SourceName) => void;
  /** Called when the listening connection is lost (a reconnect follows). */
  onDisconnected?: (source: SourceName) => void;
  backoff?: BackoffOptions;
}

export class SourceListener {
  private client: pg.Client | undefined;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private badPayloads = 0;

  constructor(private readonly opts: SourceListenerOptions) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.client?.end().catch(() => {});
    await this.loop;
  }

  private async run(): Promise<void> {
    const { source, logger } = this.opts;
    let attempt = 0;
    while (!this.stopping.signal.aborted) {
      const client = new pg.Client({
        connectionString: this.opts.url,
        application_name: LISTENER_APPLICATION_NAME,
        options: '-c default_transaction_read_only=on -c TimeZone=UTC',
        keepAlive: true,
        connectionTimeoutMillis: 10_000,
      });
      // Attached before connecting: a dropped connection emits 'error' and would otherwise crash the process.
      const closed = new Promise<string>((resolve) => {
        client.on('error', (err) => resolve(err.message));
        client.on('end', () => resolve('connection ended'));
      });
      client.on('notification', (msg) => this.receive(msg.payload ?? ''));
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      } catch (err) {
        await client.end().catch(() => {});
        const wait = backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF);
        logger.warn({ source, retryInMs: wait, err: (err as Error).message }, 'cannot listen on the source; retrying');
        await sleep(wait, this.stopping.signal);
        continue;
      }
      this.client = client;
      // stop() may have run while this connection was being opened (it had no client to end then).
      if (this.stopping.signal.aborted) {
        await client.end().catch(() => {});
        break;
      }
      logger.info({ source, reconnect: attempt > 0 }, 'listening for changes');
      attempt = 0;
      this.opts.onListening(source);
      const reason = await closed;
      this.client = undefined;
      await client.end().catch(() => {});
      if (this.stopping.signal.aborted) break;
      this.opts.onDisconnected?.(source);
      logger.warn({ source, reason }, 'listener connection lost; reconnecting');
      await sleep(backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF), this.stopping.signal);
    }
  }

  /** A bad payload is logged (without its content: it could carry anything) and skipped. */
  private receive(payload: string): void {
    const parsed = parseChangePayload(this.opts.source, payload);
    if ('error' in parsed) {
      this.badPayloads++;
      this.opts.logger.warn({ source: this.opts.source, reason: parsed.error, bytes: payload.length, skippedSoFar: this.badPayloads }, 'bad change notification skipped');
      return;
    }
    this.opts.onChange(parsed);
  }
}
