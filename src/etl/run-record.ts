// The etl_runs row: written before a run starts, finished atomically by load, marked failed otherwise.
import type pg from 'pg';
import { scrubSecrets } from '../log.js';

/** Advisory lock key held by a running etl/load ("aura-etl"); a second run exits 3. */
export const ETL_LOCK_KEY = 0x61757261_65746cn;

export async function tryEtlLock(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [ETL_LOCK_KEY.toString()]);
  return rows[0].ok;
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

export async function startRunRecord(
  db: pg.ClientBase | pg.Pool,
  kind: 'etl' | 'load' | 'score',
  referenceTime: Date,
  parameters: Record<string, unknown>,
  nlpModel: string,
): Promise<number> {
  const { rows } = await db.query<{ run_id: string }>(
    `INSERT INTO etl_runs (kind, status, reference_time, parameters, nlp_model) VALUES ($1, 'running', $2, $3, $4) RETURNING run_id`,
    [kind, referenceTime, JSON.stringify(parameters), nlpModel],
  );
  return Number(rows[0].run_id);
}

/** Records a failure; never throws (the original error is what the caller reports). */
export async function failRunRecord(db: pg.ClientBase | pg.Pool, runId: number, err: unknown): Promise<void> {
  const message = scrubSecrets(err instanceof Error ? err.message : String(err)).slice(0, 2000);
  await db
    .query(`UPDATE etl_runs SET status = 'failed', finished_at = clock_timestamp(), error = $2 WHERE run_id = $1 AND status = 'running'`, [runId, message])
    .catch(() => {});
}
