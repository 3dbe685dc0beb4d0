// The advisory locks of runs: the ETL lock (etl, load, cluster; shared by scoring shards) and the shard locks.
import type pg from 'pg';

/** Advisory lock key held by a running etl/load ("aura-etl"); a second run exits 3. */
export const ETL_LOCK_KEY = 0x61757261_65746cn;

/** application_name of `watch` sessions (src/realtime): their batches hold the ETL lock for a moment only. */
export const WATCH_APPLICATION_NAME = 'aura-miner watch';

/**
 * Takes the ETL lock, or answers false when another etl/load/cluster run holds it. When only a `watch`
 * batch holds it (a fraction of a second), waits up to 30 s: PostgreSQL's lock queue then serves this
 * run before the watcher's next batch, instead of a scheduled run exiting 3 by bad luck.
 */
export async function tryEtlLock(client: pg.ClientBase): Promise<boolean> {
  const key = ETL_LOCK_KEY.toString();
  if ((await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows[0].ok) return true;
  const holders = await client.query<{ app: string }>(
    `SELECT a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a USING (pid)
     WHERE l.locktype = 'advisory' AND l.granted AND (l.classid::bigint << 32 | l.objid::bigint) = $1::bigint`,
    [key],
  );
  if (!holders.rows.length || holders.rows.some((h) => h.app !== WATCH_APPLICATION_NAME)) return false;
  await client.query(`SET lock_timeout = '30s'`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    return true;
  } catch {
    return false;
  } finally {
    await client.query('RESET lock_timeout');
  }
}

export async function releaseEtlLock(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1)', [ETL_LOCK_KEY.toString()]);
}

/** Shard locks use the two-int advisory key space: ("aura", count * 65536 + index). */
const SHARD_LOCK_CLASS = 0x61757261;
function shardLockKey(shard: { index: number; count: number }): [number, number] {
  return [SHARD_LOCK_CLASS, (shard.count * 65536 + shard.index) | 0];
}

/** A scoring shard: the ETL lock shared (shards together, never with etl/load/cluster) and its own lock exclusive. */
export async function tryShardLocks(client: pg.ClientBase, shard: { index: number; count: number }): Promise<boolean> {
  const shared = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock_shared($1) AS ok', [ETL_LOCK_KEY.toString()]);
  if (!shared.rows[0].ok) return false;
  const own = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', shardLockKey(shard));
  if (own.rows[0].ok) return true;
  await client.query('SELECT pg_advisory_unlock_shared($1)', [ETL_LOCK_KEY.toString()]);
  return false;
}

export async function releaseShardLocks(client: pg.ClientBase, shard: { index: number; count: number }): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', shardLockKey(shard));
  await client.query('SELECT pg_advisory_unlock_shared($1)', [ETL_LOCK_KEY.toString()]);
}
