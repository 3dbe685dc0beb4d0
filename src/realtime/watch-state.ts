// watch_state (migration 004): the active watcher's state, lag and throughput, read by `serve`'s status.
import type pg from 'pg';
import { analyticsSql } from '../db/sql-file.js';

export type WatchStateName = 'starting' | 'catching-up' | 'running' | 'waiting-for-full-run' | 'stopped';

type Db = pg.ClientBase | pg.Pool;

export async function setWatchState(db: Db, instance: string, state: WatchStateName): Promise<void> {
  await db.query(analyticsSql('set-watch-state'), [instance, state]);
}

/** The per-interval figures (also logged): lag in seconds, throughput in users written per second. */
export async function writeWatchStats(db: Db, instance: string, stats: { lagSeconds: number; throughput: number }): Promise<void> {
  await db.query(analyticsSql('set-watch-stats'), [instance, stats.lagSeconds, stats.throughput]);
}

/** Inside the batch transaction, so last_batch_at moves exactly when a batch commits. */
export async function markBatchCommitted(client: pg.ClientBase, instance: string, at: Date): Promise<void> {
  await client.query(analyticsSql('mark-watch-batch-committed'), [instance, at]);
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
