// watch_state (migration 004): the active watcher's state, lag and throughput, read by `serve`'s status.
import type pg from 'pg';

export type WatchStateName = 'starting' | 'catching-up' | 'running' | 'waiting-for-full-run' | 'stopped';

type Db = pg.ClientBase | pg.Pool;

export async function setWatchState(db: Db, instance: string, state: WatchStateName): Promise<void> {
  await db.query(
    `INSERT INTO watch_state (id, instance, state, updated_at) VALUES (1, $1, $2, now())
     ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, state = EXCLUDED.state, updated_at = now()`,
    [instance, state],
  );
}

/** The per-interval figures (also logged): lag in seconds, throughput in users written per second. */
export async function writeWatchStats(db: Db, instance: string, stats: { lagSeconds: number; throughput: number }): Promise<void> {
  await db.query(
    `INSERT INTO watch_state (id, instance, state, lag_seconds, throughput, updated_at) VALUES (1, $1, 'running', $2, $3, now())
     ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, lag_seconds = EXCLUDED.lag_seconds,
       throughput = EXCLUDED.throughput, updated_at = now()`,
    [instance, stats.lagSeconds, stats.throughput],
  );
}

/** Inside the batch transaction, so last_batch_at moves exactly when a batch commits. */
export async function markBatchCommitted(client: pg.ClientBase, instance: string, at: Date): Promise<void> {
  await client.query(
    `INSERT INTO watch_state (id, instance, state, last_batch_at, updated_at) VALUES (1, $1, 'running', $2, now())
     ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, state = 'running', last_batch_at = EXCLUDED.last_batch_at, updated_at = now()`,
    [instance, at],
  );
}

/** Users written per second between two reports; pure. */
export class ThroughputMeter {
  private users = 0;
  private since: number;

  constructor(nowMs: number) {
    this.since = nowMs;
  }

  add(users: number): void {
    this.users += users;
  }

  /** The rate since the last report, then starts a new interval. */
  report(nowMs: number): number {
    const seconds = (nowMs - this.since) / 1000;
    const rate = seconds > 0 ? this.users / seconds : 0;
    this.users = 0;
    this.since = nowMs;
    return rate;
  }
}
