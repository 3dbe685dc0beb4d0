// serve's listener on aura_risk_updates: hands each message on and keeps a status (state, reconnects, last error).
import type { BackoffOptions } from '../db/backoff.js';
import { ListenClient } from '../db/listen-client.js';
import type { Logger } from '../log.js';
import { RISK_UPDATES_CHANNEL } from '../model/notify-contract.js';

export type ListenerState = 'connecting' | 'listening' | 'reconnecting' | 'stopped';

export interface ListenerStatus {
  channel: string;
  state: ListenerState;
  since: string;
  notifications: number;
  reconnects: number;
  last_notification_at: string | null;
  last_error: string | null;
}

export interface RiskListenerOptions {
  url: string;
  logger: Logger;
  /** Called with each NOTIFY payload (the raw text). */
  onMessage: (payload: string) => void;
  /** Called after every (re)connection: messages sent while disconnected are lost, so caches must refresh. */
  onConnected?: () => void;
  backoff?: BackoffOptions;
}

/** `serve`'s LISTEN on aura_risk_updates (the one LISTEN client, db/listen-client.ts), with a status for /status and metrics. */
export class RiskListener {
  private readonly client: ListenClient;
  private readonly status: ListenerStatus = {
    channel: RISK_UPDATES_CHANNEL,
    state: 'connecting',
    since: new Date().toISOString(),
    notifications: 0,
    reconnects: 0,
    last_notification_at: null,
    last_error: null,
  };

  constructor(private readonly opts: RiskListenerOptions) {
    this.client = new ListenClient({
      url: opts.url,
      channel: RISK_UPDATES_CHANNEL,
      applicationName: 'aura-miner serve listener',
      backoff: opts.backoff,
      onNotification: (payload) => {
        this.status.notifications++;
        this.status.last_notification_at = new Date().toISOString();
        this.opts.onMessage(payload);
      },
      onListening: () => {
        this.setState('listening');
        this.opts.logger.info({ channel: RISK_UPDATES_CHANNEL }, 'listening for risk updates');
        this.opts.onConnected?.();
      },
      onRetry: ({ reason, retryInMs }) => {
        this.status.last_error = reason;
        this.status.reconnects++;
        this.setState('reconnecting');
        this.opts.logger.warn({ channel: RISK_UPDATES_CHANNEL, err: reason, retryInMs }, 'risk update listener lost its connection; reconnecting');
      },
    });
  }

  /** Connects in the background; resolves after the first attempt, whatever its outcome. */
  start(): Promise<void> {
    return this.client.start();
  }

  snapshot(): ListenerStatus {
    return { ...this.status };
  }

  async stop(): Promise<void> {
    this.setState('stopped');
    await this.client.stop();
  }

  private setState(state: ListenerState): void {
    this.status.state = state;
    this.status.since = new Date().toISOString();
  }
}
