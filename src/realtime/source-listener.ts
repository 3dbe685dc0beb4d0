// LISTENs on one source's `aura_changes` channel (the one LISTEN client, db/listen-client.ts), parsing each change.
import type { BackoffOptions } from '../db/backoff.js';
import { ListenClient } from '../db/listen-client.js';
import type { SourceName } from '../model/datasets.js';
import type { Logger } from '../log.js';
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
  private readonly client: ListenClient;
  private badPayloads = 0;

  constructor(private readonly opts: SourceListenerOptions) {
    const { source, logger } = opts;
    this.client = new ListenClient({
      url: opts.url,
      channel: CHANGES_CHANNEL,
      applicationName: LISTENER_APPLICATION_NAME,
      sessionOptions: '-c default_transaction_read_only=on -c TimeZone=UTC',
      backoff: opts.backoff,
      onNotification: (payload) => this.receive(payload),
      onListening: (reconnect) => {
        logger.info({ source, reconnect }, 'listening for changes');
        opts.onListening(source);
      },
      onRetry: ({ reason, lost, retryInMs }) => {
        if (!lost) return logger.warn({ source, retryInMs, err: reason }, 'cannot listen on the source; retrying');
        opts.onDisconnected?.(source);
        logger.warn({ source, reason, retryInMs }, 'listener connection lost; reconnecting');
      },
    });
  }

  get listening(): boolean {
    return this.client.listening;
  }

  start(): void {
    void this.client.start();
  }

  stop(): Promise<void> {
    return this.client.stop();
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
