// The two locks of `watch`: one active watcher per analytics database, and the ETL lock for each batch.
import pg from 'pg';
import { ETL_LOCK_KEY, WATCH_APPLICATION_NAME } from '../db/run-locks.js';
import type { Logger } from '../log.js';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffOptions } from '../db/backoff.js';

/** Advisory lock key of the active watcher ("aura-wat"); a second watcher waits on it as a hot standby. */
export const WATCH_LOCK_KEY = 0x61757261_776174n;
/** application_name of watch's analytics sessions (defined beside the ETL lock, which waits for them). */
export { WATCH_APPLICATION_NAME };

/**
 * Leadership: a session-level advisory lock held on a dedicated connection. PostgreSQL releases it
 * when that session ends for any reason (process killed, connection dropped), so a standby polling
 * for it takes over within one poll interval.
 */
export class LeaderLock {
  private client: pg.Client | undefined;
  private lostReason: string | undefined;
  private readonly lostWaiters: (() => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /** Waits until this instance is the active watcher; false when the signal aborted first. */
  async acquire(signal: AbortSignal): Promise<boolean> {
    let attempt = 0;
    let announced = false;
    while (!signal.aborted) {
      try {
        const client = this.client ?? (await this.connect());
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [WATCH_LOCK_KEY.toString()]);
        if (rows[0].ok) {
          this.lostReason = undefined;
          return true;
        }
        attempt = 0;
        if (!announced) this.logger.info({ pollMs: this.pollMs }, 'another watcher is active: standing by');
        announced = true;
        await sleep(this.pollMs, signal);
      } catch (err) {
        await this.drop();
        const wait = backoffDelay(attempt++, this.backoff);
        this.logger.warn({ err: (err as Error).message, retryInMs: wait }, 'cannot reach the analytics database for the watch lock; retrying');
        await sleep(wait, signal);
      }
    }
    return false;
  }

  /** Set once the lock's connection is gone: another watcher may be active now. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  /** Resolves when the lock is lost (immediately if it already is). */
  whenLost(): Promise<void> {
    return new Promise((resolve) => (this.lostReason !== undefined ? resolve() : this.lostWaiters.push(resolve)));
  }

  async release(): Promise<void> {
    if (this.client && this.lostReason === undefined) await this.client.query('SELECT pg_advisory_unlock($1)', [WATCH_LOCK_KEY.toString()]).catch(() => {});
    await this.drop();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, application_name: WATCH_APPLICATION_NAME, keepAlive: true, connectionTimeoutMillis: 10_000 });
    const onGone = (reason: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.lostReason = reason;
      for (const w of this.lostWaiters.splice(0)) w();
    };
    client.on('error', (err) => onGone(err.message));
    client.on('end', () => onGone('connection ended'));
    await client.connect();
    this.client = client;
    return client;
  }

  private async drop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}

/**
 * A batch writes what etl, load and cluster write, so it takes their lock, at transaction level:
 * batches and full runs serialise, and the lock goes with COMMIT or ROLLBACK. It waits at most
 * `waitMs` (a full run can take minutes): false means a full run holds it; the caller rolls back,
 * keeps the changes, and retries.
 */
export async function lockForBatch(client: pg.ClientBase, waitMs: number): Promise<boolean> {
  const { rows } = await client.query<{ before: string }>(`SELECT current_setting('lock_timeout') AS before, set_config('lock_timeout', $1, true)`, [
    `${Math.max(1, Math.round(waitMs))}ms`,
  ]);
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ETL_LOCK_KEY.toString()]);
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') return false; // lock_not_available: the caller rolls back
    throw err;
  }
  // The rest of the batch waits for row locks as the session would have.
  await client.query(`SELECT set_config('lock_timeout', $1, true)`, [rows[0].before]);
  return true;
}
