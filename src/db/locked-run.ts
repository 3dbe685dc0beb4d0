// withLockedRun: the one scaffold of a run (connect, schema check, lock, run row, failure, release) for etl, load, score and cluster.
import pg from 'pg';
import { AuraError, BusyError, LoadError } from '../errors.js';
import { requireSchema } from './preflight.js';
import { releaseEtlLock, releaseShardLocks, tryEtlLock, tryShardLocks } from './run-locks.js';
import { scrubSecrets } from '../log.js';
import { connectAnalytics, describePgError } from './connections.js';
import { analyticsSql } from './sql-file.js';

/** etl, load and score runs write etl_runs rows; cluster runs write cluster_runs rows. */
export type RunKind = 'etl' | 'load' | 'score' | 'cluster';

/** The columns a run row starts with. */
export type RunStart<K extends RunKind> = K extends 'cluster'
  ? { etlRunId: number | null; seed: number; parameters: Record<string, unknown> }
  : { referenceTime: Date; parameters: Record<string, unknown>; nlpModel: string };

export interface LockedRun<K extends RunKind> {
  /** The connection that holds the lock (the run's writes go through it). */
  readonly client: pg.PoolClient;
  /** Writes the run's row (`running`); a failure after this marks it `failed` with the reason. */
  start(row: RunStart<K>): Promise<number>;
}

export interface LockedRunOptions {
  /** A `score` run's shard: the ETL lock shared plus the shard's own lock. */
  shard?: { index: number; count: number };
}

/** Runs that share the exclusive ETL lock: while it is held, no other of them can be alive. */
const EXCLUSIVE_KINDS: readonly RunKind[] = ['etl', 'load', 'cluster'];

/** Why a row was left `running` (the next run that takes the lock writes it). */
export const ABANDONED_REASON = 'abandoned: the process running it ended without finishing it (killed, or its host lost)';

/**
 * Connects, checks the schema, takes the run's advisory lock (BusyError, exit 3, when another run holds it),
 * marks rows left `running` by runs that died as `abandoned`, and runs `fn`. When `fn` fails, its row is marked
 * `failed` with the reason on a fresh connection (the run's own may be the one that was lost), and the error
 * comes back as one line: an AuraError as it was, anything else (a pg or network error) as a LoadError.
 * The lock goes with the connection, which is released, or destroyed when it broke.
 */
export async function withLockedRun<K extends RunKind, T>(pool: pg.Pool, kind: K, fn: (run: LockedRun<K>) => Promise<T>, opts: LockedRunOptions = {}): Promise<T> {
  const client = await connectAnalytics(pool);
  let lost: Error | undefined;
  // A dropped connection emits 'error' on the client: without a listener the process would crash.
  const onError = (err: Error) => (lost ??= err);
  client.on('error', onError);
  let locked = false;
  let runId: number | undefined;
  try {
    await requireSchema(client);
    locked = opts.shard ? await tryShardLocks(client, opts.shard) : await tryEtlLock(client);
    if (!locked) throw new BusyError(busyMessage(kind, opts.shard));
    await markAbandonedRuns(client, kind, opts.shard);
    return await fn({
      client,
      start: async (row) => {
        runId = await insertRunRow(pool, kind, row);
        return runId;
      },
    });
  } catch (err) {
    const reported = asRunError(kind, err);
    if (runId !== undefined) await markRunFailed(pool, kind, runId, reported);
    throw reported;
  } finally {
    const broken = lost !== undefined;
    if (locked && !broken) await (opts.shard ? releaseShardLocks(client, opts.shard) : releaseEtlLock(client)).catch(() => {});
    client.removeListener('error', onError);
    // A broken connection is destroyed, not handed back to the pool (its lock went with its backend).
    client.release(broken ? lost : undefined);
  }
}

function busyMessage(kind: RunKind, shard?: { index: number; count: number }): string {
  if (shard) return `shard ${shard.index}/${shard.count} is already running, or an etl/load/cluster run holds the lock`;
  return kind === 'cluster'
    ? 'another etl, load or cluster run holds the lock on the analytics database; try again when it ends'
    : 'another etl or load run holds the lock on the analytics database; try again when it ends';
}

/** Our own errors already say what happened in one line; a pg or network error is a failed write. */
function asRunError(kind: RunKind, err: unknown): unknown {
  if (err instanceof AuraError) return err;
  return new LoadError(`the ${kind} run failed, nothing was changed: ${describePgError(err)}`, { cause: err });
}

async function insertRunRow<K extends RunKind>(pool: pg.Pool, kind: K, row: RunStart<K>): Promise<number> {
  if (kind === 'cluster') {
    const r = row as RunStart<'cluster'>;
    const { rows } = await pool.query<{ id: string }>(analyticsSql('insert-cluster-run'), [r.etlRunId, r.seed, JSON.stringify(r.parameters)]);
    return Number(rows[0].id);
  }
  const r = row as RunStart<'etl'>;
  const { rows } = await pool.query<{ id: string }>(analyticsSql('insert-etl-run'), [kind, r.referenceTime, JSON.stringify(r.parameters), r.nlpModel]);
  return Number(rows[0].id);
}

/**
 * With the exclusive ETL lock held, no etl, load, score or cluster run can be alive elsewhere (each holds the
 * lock, exclusive or shared, while its row is `running`), so every `running` row is a dead run's. A shard
 * knows only about its own shard's rows.
 */
async function markAbandonedRuns(client: pg.ClientBase, kind: RunKind, shard?: { index: number; count: number }): Promise<void> {
  if (shard) {
    await client.query(analyticsSql('abandon-shard-runs'), [ABANDONED_REASON, JSON.stringify({ index: shard.index, count: shard.count })]);
    return;
  }
  if (!EXCLUSIVE_KINDS.includes(kind)) return;
  await client.query(analyticsSql('abandon-etl-runs'), [ABANDONED_REASON]);
  await client.query(analyticsSql('abandon-cluster-runs'), [ABANDONED_REASON]);
}

/**
 * Marks the row `failed` with the reason, best effort: on a fresh connection (the run's own, or the pool's,
 * may be the one that broke), bounded in time, never throwing (the run's error is what the caller reports).
 */
async function markRunFailed(pool: pg.Pool, kind: RunKind, runId: number, err: unknown): Promise<void> {
  const message = scrubSecrets(err instanceof Error ? err.message : String(err)).slice(0, 2000);
  const [table, key] = kind === 'cluster' ? ['cluster_runs', 'cluster_run_id'] : ['etl_runs', 'run_id'];
  const fresh = new pg.Client({ ...pool.options, application_name: 'aura-miner run record', connectionTimeoutMillis: 5000, statement_timeout: 5000 });
  fresh.on('error', () => {});
  try {
    await fresh.connect();
    await fresh.query(`UPDATE ${table} SET status = 'failed', finished_at = clock_timestamp(), error = $2 WHERE ${key} = $1 AND status = 'running'`, [runId, message]);
  } catch {
    // Best effort: the database may be the thing that is gone; the next run marks the row abandoned.
  } finally {
    await fresh.end().catch(() => {});
  }
}
