// Reads behind status, results, counts and metrics: the last etl and cluster runs, watch state, users per level.
import type pg from 'pg';
import { RISK_LEVELS, type RiskLevel } from '../../model/feature-vector.js';

export interface EtlRunInfo {
  run_id: number;
  kind: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  reference_time: string;
  duration_seconds: number | null;
  users: number | null;
}

export interface ClusterRunInfo {
  cluster_run_id: number;
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_seconds: number | null;
  users: number | null;
  level_counts: Record<string, number>;
  mean_asi: Record<string, number>;
  silhouette: number | null;
  parameters: Record<string, unknown>;
}

export interface WatchStateRow {
  instance: string;
  state: string;
  last_batch_at: string | null;
  lag_seconds: number | null;
  updated_at: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const seconds = (a: Date, b: Date | null) => (b ? Math.round((b.getTime() - a.getTime()) / 10) / 100 : null);

/** The latest etl/load run (any status), or with `succeeded` the latest successful one. */
export async function readLastEtlRun(db: pg.Pool, succeeded = false): Promise<EtlRunInfo | null> {
  const { rows } = await db.query(
    `SELECT run_id, kind, status, started_at, finished_at, reference_time, users FROM etl_runs
     ${succeeded ? `WHERE status = 'succeeded'` : ''} ORDER BY run_id DESC LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    run_id: Number(r.run_id),
    kind: r.kind,
    status: r.status,
    started_at: r.started_at.toISOString(),
    finished_at: iso(r.finished_at),
    reference_time: r.reference_time.toISOString(),
    duration_seconds: seconds(r.started_at, r.finished_at),
    users: r.users,
  };
}

export async function readLastClusterRun(db: pg.Pool, succeeded = false): Promise<ClusterRunInfo | null> {
  const { rows } = await db.query(
    `SELECT cluster_run_id, status, started_at, finished_at, users, level_counts, mean_asi, silhouette, parameters FROM cluster_runs
     ${succeeded ? `WHERE status = 'succeeded'` : ''} ORDER BY cluster_run_id DESC LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    cluster_run_id: Number(r.cluster_run_id),
    status: r.status,
    started_at: r.started_at.toISOString(),
    finished_at: iso(r.finished_at),
    duration_seconds: seconds(r.started_at, r.finished_at),
    users: r.users,
    level_counts: r.level_counts,
    mean_asi: r.mean_asi,
    silhouette: r.silhouette,
    parameters: r.parameters,
  };
}

/**
 * The `watch` processes' state, from the table `watch` creates (migration 004); null while it does
 * not exist, so `serve` works on a database that never ran `watch`.
 */
export async function readWatchState(db: pg.Pool): Promise<WatchStateRow[] | null> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('watch_state')::text AS t`);
  if (!exists.rows[0].t) return null;
  const { rows } = await db.query(`SELECT instance, state, last_batch_at, lag_seconds, updated_at FROM watch_state ORDER BY instance`);
  return rows.map((r) => ({
    instance: String(r.instance),
    state: String(r.state),
    last_batch_at: r.last_batch_at ? new Date(r.last_batch_at).toISOString() : null,
    lag_seconds: r.lag_seconds === null ? null : Number(r.lag_seconds),
    updated_at: r.updated_at ? new Date(r.updated_at).toISOString() : null,
  }));
}

export interface WatchBatchInfo {
  batch_id: number;
  instance: string;
  started_at: string;
  finished_at: string;
  duration_seconds: number;
  users: number;
  changes: number;
  alerts: number;
}

/** The latest committed `watch` batch (migration 004's watch_batches), null without the table or a batch. */
export async function readLastWatchBatch(db: pg.Pool): Promise<WatchBatchInfo | null> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('watch_batches')::text AS t`);
  if (!exists.rows[0].t) return null;
  const { rows } = await db.query(`SELECT batch_id, instance, started_at, finished_at, users, changes, alerts FROM watch_batches ORDER BY batch_id DESC LIMIT 1`);
  const r = rows[0];
  if (!r) return null;
  return {
    batch_id: Number(r.batch_id),
    instance: r.instance,
    started_at: r.started_at.toISOString(),
    finished_at: r.finished_at.toISOString(),
    duration_seconds: seconds(r.started_at, r.finished_at)!,
    users: r.users,
    changes: r.changes,
    alerts: r.alerts,
  };
}

/** Current users per risk level (index-only scan of user_risk_results_level_asi). */
export async function countUsersByLevel(db: pg.Pool): Promise<Record<RiskLevel, number>> {
  const { rows } = await db.query<{ risk_level: RiskLevel; n: number }>(`SELECT risk_level, count(*)::int AS n FROM user_risk_results GROUP BY risk_level`);
  const out = Object.fromEntries(RISK_LEVELS.map((l) => [l, 0])) as Record<RiskLevel, number>;
  for (const r of rows) out[r.risk_level] = r.n;
  return out;
}

export async function countFeatureVectors(db: pg.Pool): Promise<{ count: number; labelled: number }> {
  const { rows } = await db.query<{ count: number; labelled: number }>(
    `SELECT count(*)::int AS count, count(cluster_label)::int AS labelled FROM user_feature_vector`,
  );
  return rows[0];
}

export interface AbandonedRuns {
  /** etl, load and score runs marked abandoned. */
  etl_runs: number;
  cluster_runs: number;
  /** The run marked last (by the next run that took the lock after its process died). */
  last: { table: 'etl_runs' | 'cluster_runs'; run_id: number; started_at: string; marked_at: string | null } | null;
}

/** Runs whose process died while they ran (migration 013's `abandoned`): how many, and the latest. */
export async function readAbandonedRuns(db: pg.Pool): Promise<AbandonedRuns> {
  const { rows } = await db.query(
    `WITH a AS (
       SELECT 'etl_runs' AS t, run_id AS id, started_at, finished_at FROM etl_runs WHERE status = 'abandoned'
       UNION ALL SELECT 'cluster_runs', cluster_run_id, started_at, finished_at FROM cluster_runs WHERE status = 'abandoned')
     SELECT t, id, started_at, finished_at, count(*) FILTER (WHERE t = 'etl_runs') OVER ()::int AS etl, count(*) FILTER (WHERE t = 'cluster_runs') OVER ()::int AS cluster
     FROM a ORDER BY finished_at DESC NULLS LAST, started_at DESC LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return { etl_runs: 0, cluster_runs: 0, last: null };
  return { etl_runs: r.etl, cluster_runs: r.cluster, last: { table: r.t, run_id: Number(r.id), started_at: r.started_at.toISOString(), marked_at: iso(r.finished_at) } };
}
