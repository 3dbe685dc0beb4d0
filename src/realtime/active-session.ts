// The active watcher's loop: LISTEN on every source, collect changes for a debounce window, run batches.
import type { SourceName } from '../model/datasets.js';
import { describePgError } from '../db/connections.js';
import type { Logger } from '../log.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from '../db/backoff.js';
import { PendingChanges, type ChangeSet } from './pending-changes.js';
import { RecentTextReads } from './recent-text-reads.js';
import { runWatchBatch, type BatchContext, type BatchResult } from './run-batch.js';
import { SourceListener } from './source-listener.js';
import type { LeaderLock } from './watch-locks.js';
import { setWatchState, ThroughputMeter, writeWatchStats } from './watch-state.js';

export interface SessionOptions {
  debounceMs: number;
  statsIntervalMs: number;
  backoff?: BackoffOptions;
}

export interface SessionTotals {
  batches: number;
  failedBatches: number;
  users: number;
  updates: number;
  alerts: number;
  removed: number;
  textsScored: number;
}

export interface SessionHooks {
  onBatch?: (r: BatchResult) => void;
  onBatchError?: (err: unknown) => void;
}

const now = () => performance.now();
const BUSY_RETRY_MS = 250;

export class ActiveSession {
  private readonly pending = new PendingChanges();
  private readonly listening = new Set<SourceName>();
  private readonly listeners: SourceListener[];
  private readonly meter = new ThroughputMeter(now());
  private catchUpRequestedAt: number | undefined;
  private readonly textReads = new RecentTextReads();
  private inFlightOldest: number | undefined;
  /** Recent batch duration (ms, exponentially weighted), so a batch starts early enough to commit in time. */
  private batchMs = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly ctx: BatchContext,
    sourceUrls: Record<SourceName, string>,
    private readonly lock: LeaderLock,
    private readonly signal: AbortSignal,
    private readonly opts: SessionOptions,
    private readonly totals: SessionTotals,
    private readonly hooks: SessionHooks = {},
  ) {
    const logger: Logger = ctx.logger;
    this.listeners = (Object.keys(sourceUrls) as SourceName[]).map(
      (source) =>
        new SourceListener({
          source,
          url: sourceUrls[source],
          logger,
          backoff: opts.backoff,
          onChange: (e) => {
            this.pending.add(e, now());
            this.wake?.();
          },
          // LISTEN first, then catch up: whatever was sent before this LISTEN is read back from the sources.
          onListening: (s) => {
            this.listening.add(s);
            this.pending.requestCatchUp();
            this.catchUpRequestedAt ??= now();
            this.wake?.();
          },
          onDisconnected: (s) => this.listening.delete(s),
        }),
    );
  }

  /** Runs until the signal aborts (after finishing the batch in flight) or the watch lock is lost. */
  async run(): Promise<void> {
    const { ctx } = this;
    await setWatchState(ctx.analytics, ctx.instance, 'starting').catch(() => {});
    const onStop = () => this.wake?.();
    this.signal.addEventListener('abort', onStop);
    void this.lock.whenLost().then(onStop);
    const stats = setInterval(() => void this.reportStats(), this.opts.statsIntervalMs);
    for (const l of this.listeners) l.start();
    let failures = 0;
    let waitingLogged = false;
    try {
      while (!this.done()) {
        await this.waitForWork();
        if (this.done()) break;
        const set = this.pending.take(ctx.maxBatch);
        if (set.catchUp) {
          this.catchUpRequestedAt = undefined;
          await setWatchState(ctx.analytics, ctx.instance, 'catching-up').catch(() => {});
        }
        this.inFlightOldest = set.oldestMs;
        this.textReads.skipAlreadyRead(set);
        try {
          const r = await runWatchBatch(ctx, set);
          if (r === 'busy') {
            // A full run holds the ETL lock, or is due to rebuild the per-user sums: keep everything, retry.
            this.restore(set);
            if (!waitingLogged) {
              ctx.logger.info('waiting for a full run (it holds the ETL lock, or sharded scoring left the per-user sums to the next etl)');
              await setWatchState(ctx.analytics, ctx.instance, 'waiting-for-full-run').catch(() => {});
            }
            waitingLogged = true;
            await sleep(BUSY_RETRY_MS, this.signal);
            continue;
          }
          waitingLogged = false;
          failures = 0;
          this.pending.addUsers(r.overflow, now());
          this.textReads.remember(r.textsRead, r.startedMs);
          if (!r.catchUp) this.batchMs = this.batchMs === 0 ? r.seconds * 1000 : 0.7 * this.batchMs + 0.3 * r.seconds * 1000;
          this.count(r);
          this.hooks.onBatch?.(r);
        } catch (err) {
          // Nothing of the batch was committed (watermarks included): its changes go back and are retried.
          this.restore(set);
          this.totals.failedBatches++;
          const wait = backoffDelay(failures++, this.opts.backoff ?? DEFAULT_BACKOFF);
          ctx.logger.error({ err: describePgError(err), retryInMs: wait, pending: this.pending.size }, 'watch batch failed; its changes stay pending');
          this.hooks.onBatchError?.(err);
          await sleep(wait, this.signal);
        } finally {
          this.inFlightOldest = undefined;
        }
      }
    } finally {
      clearInterval(stats);
      this.signal.removeEventListener('abort', onStop);
      await Promise.all(this.listeners.map((l) => l.stop()));
      if (this.signal.aborted) await setWatchState(ctx.analytics, ctx.instance, 'stopped').catch(() => {});
    }
  }

  private done(): boolean {
    return this.signal.aborted || this.lock.lost !== undefined;
  }

  private restore(set: ChangeSet): void {
    this.pending.restore(set);
    if (set.catchUp) this.catchUpRequestedAt ??= now();
  }

  /**
   * A batch is due when a catch-up is requested (at once when every source listens, so one catch-up
   * covers all of them; else after one debounce window), when maxBatch references wait, or when the
   * oldest waiting change is about to have waited debounceMs: the batch starts early by the recent batch
   * duration (at most half the window), so that change is written, not merely picked up, within the window.
   */
  private dueInMs(): number {
    const p = this.pending;
    if (p.catchUpRequested) {
      if (this.listening.size === this.listeners.length) return 0;
      return (this.catchUpRequestedAt ?? now()) + this.opts.debounceMs - now();
    }
    if (p.size >= this.ctx.maxBatch) return 0;
    const oldest = p.oldestMs;
    return oldest === undefined ? Infinity : oldest + this.opts.debounceMs - Math.min(this.batchMs, this.opts.debounceMs / 2) - now();
  }

  private async waitForWork(): Promise<void> {
    while (!this.done()) {
      const due = this.dueInMs();
      if (due <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(due) ? setTimeout(resolve, due) : undefined;
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private count(r: BatchResult): void {
    const t = this.totals;
    t.batches++;
    t.users += r.users;
    t.updates += r.updates;
    t.alerts += r.alerts;
    t.removed += r.removed;
    t.textsScored += r.texts.scored;
    this.meter.add(r.users);
    const level = r.catchUp ? 'info' : 'debug';
    this.ctx.logger[level](
      { batchId: r.batchId, catchUp: r.catchUp, changes: r.changes, users: r.users, removed: r.removed, texts: r.texts.scored, alerts: r.alerts, overflow: r.overflow.length, seconds: round(r.seconds), stepsMs: r.stepsMs, caughtUp: r.caughtUp },
      'watch batch committed',
    );
  }

  /** Lag: age of the oldest change not yet committed (waiting or in the batch in flight). */
  private async reportStats(): Promise<void> {
    const t = now();
    const oldest = [this.pending.oldestMs, this.inFlightOldest].filter((x): x is number => x !== undefined);
    const lagSeconds = oldest.length ? round((t - Math.min(...oldest)) / 1000) : 0;
    const throughput = round(this.meter.report(t));
    this.textReads.prune(t);
    this.ctx.logger.info({ lagSeconds, throughput, pending: this.pending.size, listening: [...this.listening], batches: this.totals.batches }, 'watch progress');
    await writeWatchStats(this.ctx.analytics, this.ctx.instance, { lagSeconds, throughput }).catch(() => {});
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
