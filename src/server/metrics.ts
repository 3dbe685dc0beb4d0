// Prometheus metrics: HTTP per route, WebSocket clients, listener, and run/watch/risk figures read at scrape time.
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../log.js';
import type { PipelineRunner } from './pipeline-runner.js';
import { countUsersByLevel, readLastClusterRun, readLastEtlRun, readLastWatchBatch, readWatchState } from './read/run-status.js';
import type { RiskListener } from './risk-listener.js';
import type { ClientHub } from './ws/client-hub.js';

export interface MetricsDeps {
  db: pg.Pool;
  hub: ClientHub;
  listener: RiskListener;
  runner: PipelineRunner;
  logger: Logger;
}

type Snapshot = Awaited<ReturnType<typeof readSnapshot>>;

/** Several gauges read the database at scrape time; one scrape runs the queries once. */
const SNAPSHOT_TTL_MS = 1000;

export class ServerMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly notifications: Counter<'type'>;
  private snapshot?: { at: number; value: Promise<Snapshot | undefined> };

  constructor(private readonly deps: MetricsDeps) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({ name: 'aura_http_requests_total', help: 'HTTP requests by route pattern', labelNames: ['method', 'route', 'status_code'], registers });
    this.httpDuration = new Histogram({
      name: 'aura_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60],
      registers,
    });
    this.notifications = new Counter({ name: 'aura_risk_notifications_total', help: 'NOTIFY messages received on aura_risk_updates by type (invalid = broke the contract)', labelNames: ['type'], registers });
    const { hub, listener, runner } = deps;
    new Gauge({ name: 'aura_ws_clients', help: 'Connected, authenticated WebSocket clients', labelNames: ['channel'], registers, collect() {
      const s = hub.stats();
      for (const [channel, n] of Object.entries(s.clients)) this.set({ channel }, n);
    } });
    new Gauge({ name: 'aura_ws_messages_sent', help: 'WebSocket messages sent since start', registers, collect() {
      this.set(hub.stats().sent);
    } });
    new Gauge({ name: 'aura_ws_clients_dropped', help: 'WebSocket clients dropped since start (slow = send buffer over the limit, dead = no pong)', labelNames: ['reason'], registers, collect() {
      const s = hub.stats();
      this.set({ reason: 'slow' }, s.droppedSlow);
      this.set({ reason: 'dead' }, s.droppedDead);
    } });
    new Gauge({ name: 'aura_listener_up', help: '1 while LISTENing on aura_risk_updates', registers, collect() {
      this.set(listener.snapshot().state === 'listening' ? 1 : 0);
    } });
    new Gauge({ name: 'aura_listener_reconnects', help: 'Listener reconnections since start', registers, collect() {
      this.set(listener.snapshot().reconnects);
    } });
    new Gauge({ name: 'aura_pipeline_running', help: '1 while this server runs an etl or cluster pipeline', labelNames: ['kind'], registers, collect() {
      const r = runner.running;
      this.set({ kind: 'etl' }, r?.kind === 'etl' ? 1 : 0);
      this.set({ kind: 'cluster' }, r?.kind === 'cluster' ? 1 : 0);
    } });
    this.databaseGauges(registers);
  }

  private databaseGauges(registers: Registry[]): void {
    const read = () => this.readSnapshot();
    const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge<string>, s: Snapshot) => void) =>
      new Gauge({ name, help, labelNames, registers, async collect() {
        const s = await read();
        this.reset();
        if (s) fill(this, s);
      } });
    const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);
    const setIf = (g: Gauge<string>, v: number | null | undefined, labels: Record<string, string> = {}) => v !== undefined && v !== null && g.set(labels, v);
    gauge('aura_last_etl_timestamp_seconds', 'End of the last successful etl/load run (unix seconds)', [], (g, s) => setIf(g, time(s.etl?.finished_at)));
    gauge('aura_last_etl_duration_seconds', 'Duration of the last successful etl/load run', [], (g, s) => setIf(g, s.etl?.duration_seconds));
    gauge('aura_last_etl_users', 'Feature vectors written by the last successful etl/load run', [], (g, s) => setIf(g, s.etl?.users));
    gauge('aura_last_cluster_timestamp_seconds', 'End of the last successful cluster run (unix seconds)', [], (g, s) => setIf(g, time(s.cluster?.finished_at)));
    gauge('aura_last_cluster_duration_seconds', 'Duration of the last successful cluster run', [], (g, s) => setIf(g, s.cluster?.duration_seconds));
    gauge('aura_users', 'Users per current risk level', ['risk_level'], (g, s) => Object.entries(s.levels).forEach(([risk_level, n]) => g.set({ risk_level }, n)));
    gauge('aura_watch_last_batch_timestamp_seconds', 'Last batch applied by each watch instance (unix seconds)', ['instance'], (g, s) =>
      s.watch?.forEach((w) => setIf(g, time(w.last_batch_at), { instance: w.instance })),
    );
    gauge('aura_watch_last_batch_duration_seconds', 'Duration of the last committed watch batch', [], (g, s) => setIf(g, s.watchBatch?.duration_seconds));
    gauge('aura_watch_last_batch_users', 'Users re-scored by the last committed watch batch', [], (g, s) => setIf(g, s.watchBatch?.users));
    gauge('aura_watch_lag_seconds', 'Lag reported by each watch instance', ['instance'], (g, s) => s.watch?.forEach((w) => setIf(g, w.lag_seconds, { instance: w.instance })));
  }

  private readSnapshot(): Promise<Snapshot | undefined> {
    const now = Date.now();
    if (!this.snapshot || now - this.snapshot.at > SNAPSHOT_TTL_MS) {
      const value = readSnapshot(this.deps.db).catch((err: unknown) => {
        // A scrape must still answer (process and HTTP metrics) when the database is away.
        this.deps.logger.warn({ err: (err as Error).message }, 'metrics: reading run figures failed');
        return undefined;
      });
      this.snapshot = { at: now, value };
    }
    return this.snapshot.value;
  }
}

async function readSnapshot(db: pg.Pool) {
  const [etl, cluster, levels, watch, watchBatch] = await Promise.all([
    readLastEtlRun(db, true),
    readLastClusterRun(db, true),
    countUsersByLevel(db),
    readWatchState(db),
    readLastWatchBatch(db),
  ]);
  return { etl, cluster, levels, watch, watchBatch };
}
