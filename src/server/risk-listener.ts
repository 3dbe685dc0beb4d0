// A dedicated pg.Client LISTENing on aura_risk_updates, reconnecting with backoff, handing each message on.
import pg from 'pg';
import { describePgError } from '../db/connections.js';
import type { Logger } from '../log.js';
import { RISK_UPDATES_CHANNEL } from './notify-contract.js';

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
  /** @default 250 */
  minBackoffMs?: number;
  /** @default 15000 */
  maxBackoffMs?: number;
}

/**
 * A pooled connection cannot LISTEN (the pool hands it to other queries and recycles it), so the
 * listener owns one client. When it drops (database restart, network), reconnect with exponential
 * backoff and jitter, so a fleet of `serve` pods does not hammer a recovering database in step.
 */
export class RiskListener {
  private client?: pg.Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private attempt = 0;
  private readonly status: ListenerStatus = {
    channel: RISK_UPDATES_CHANNEL,
    state: 'connecting',
    since: new Date().toISOString(),
    notifications: 0,
    reconnects: 0,
    last_notification_at: null,
    last_error: null,
  };

  constructor(private readonly opts: RiskListenerOptions) {}

  /** Connects in the background; resolves after the first attempt, whatever its outcome. */
  async start(): Promise<void> {
    await this.connect();
  }

  snapshot(): ListenerStatus {
    return { ...this.status };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.setState('stopped');
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.opts.url, application_name: 'aura-miner serve listener', keepAlive: true });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (n) => {
      if (n.channel !== RISK_UPDATES_CHANNEL || n.payload === undefined) return;
      this.status.notifications++;
      this.status.last_notification_at = new Date().toISOString();
      this.opts.onMessage(n.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(RISK_UPDATES_CHANNEL)}`);
      if (this.stopped || this.client !== client) return void client.end().catch(() => {});
      this.attempt = 0;
      this.setState('listening');
      this.opts.logger.info({ channel: RISK_UPDATES_CHANNEL }, 'listening for risk updates');
      this.opts.onConnected?.();
    } catch (err) {
      this.lost(client, err);
    }
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    client.on('error', () => {});
    client.end().catch(() => {});
    this.status.last_error = describePgError(err);
    this.status.reconnects++;
    this.setState('reconnecting');
    const base = Math.min(this.opts.maxBackoffMs ?? 15_000, (this.opts.minBackoffMs ?? 250) * 2 ** this.attempt++);
    const delay = Math.round(base / 2 + (Math.random() * base) / 2);
    this.opts.logger.warn({ channel: RISK_UPDATES_CHANNEL, err: this.status.last_error, retryInMs: delay }, 'risk update listener lost its connection; reconnecting');
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private setState(state: ListenerState): void {
    this.status.state = state;
    this.status.since = new Date().toISOString();
  }
}
