// Background jobs in PostgreSQL (migration 012): any replica answers GET /jobs/{id}, a restart keeps them.
import type pg from 'pg';
import type { PipelineKind } from './pipeline-runner.js';
import { analyticsSql } from '../db/sql-file.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'abandoned';

export interface Job {
  job_id: string;
  kind: PipelineKind;
  status: JobStatus;
  submitted_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** etl_runs.run_id or cluster_runs.cluster_run_id once the run row exists. */
  run_id: number | null;
  parameters: Record<string, unknown>;
  result: unknown;
  error: string | null;
}

/** Finished jobs are kept this long, then deleted when a new job is submitted. */
export const JOB_RETENTION_DAYS = 30;

const FINAL = new Set(['succeeded', 'failed', 'abandoned']);

/**
 * One row per job, written only by the serve process that owns it. How a job is reported:
 * - the owner has recorded its end: the run row's status when there is one (the run row is the truth:
 *   `abandoned` or `failed` as the run lifecycle marked it), else the job's own (`failed`: lock busy);
 * - in flight with its owner alive (lease renewed): `queued` or `running`, also while the run row already
 *   says how it ended and the owner is writing the response (milliseconds);
 * - in flight with the lease run out: the owner died, `abandoned`, or the run row's end when it has one.
 */
export class JobStore {
  constructor(
    private readonly db: pg.Pool,
    /** This serve process (host:pid:random), written on its jobs. */
    readonly instance: string,
    private readonly leaseMs: number,
  ) {}

  async create(kind: PipelineKind, jobId: string, parameters: Record<string, unknown>): Promise<void> {
    await this.db.query(analyticsSql('delete-old-jobs'), [JOB_RETENTION_DAYS]);
    await this.db.query(analyticsSql('insert-job'), [jobId, kind, JSON.stringify(parameters), this.instance, this.leaseMs / 1000]);
  }

  async markRunning(jobId: string): Promise<void> {
    await this.db.query(analyticsSql('start-job'), [jobId]);
  }

  async linkRun(jobId: string, kind: PipelineKind, runId: number): Promise<void> {
    await this.db.query(analyticsSql(kind === 'etl' ? 'link-job-to-etl-run' : 'link-job-to-cluster-run'), [jobId, runId]);
  }

  /** Renews the lease of this process's jobs in flight. */
  async renew(jobIds: string[]): Promise<void> {
    if (!jobIds.length) return;
    await this.db.query(analyticsSql('renew-job-leases'), [
      jobIds,
      this.leaseMs / 1000,
    ]);
  }

  async finish(jobId: string, end: { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string }): Promise<void> {
    await this.db.query(analyticsSql('finish-job'), [
      jobId,
      end.status,
      end.status === 'succeeded' ? JSON.stringify(end.result) : null,
      end.status === 'failed' ? end.error : null,
    ]);
  }

  async read(jobId: string): Promise<Job | undefined> {
    const { rows } = await this.db.query(
      `SELECT j.job_id, j.kind, j.status, j.parameters, j.submitted_at, j.started_at, j.finished_at, j.result, j.error,
              coalesce(j.etl_run_id, j.cluster_run_id) AS run_id, coalesce(e.status, c.status) AS run_status,
              coalesce(e.finished_at, c.finished_at) AS run_finished_at, coalesce(e.error, c.error) AS run_error,
              j.lease_until < clock_timestamp() AS lease_expired
       FROM serve_jobs j
       LEFT JOIN etl_runs e ON e.run_id = j.etl_run_id
       LEFT JOIN cluster_runs c ON c.cluster_run_id = j.cluster_run_id
       WHERE j.job_id = $1`,
      [jobId],
    );
    const r = rows[0];
    if (!r) return undefined;
    const recorded = FINAL.has(r.status);
    const runEnded = r.run_status !== null && FINAL.has(r.run_status);
    let status: JobStatus;
    if (recorded) status = r.run_status && r.run_status !== 'running' ? r.run_status : r.status;
    else if (!r.lease_expired) status = r.status;
    else status = runEnded ? r.run_status : 'abandoned';
    const error =
      status === 'abandoned' ? (r.run_error ?? 'the serve process running this job stopped before it ended') : status === 'failed' ? (r.error ?? r.run_error ?? null) : null;
    return {
      job_id: r.job_id,
      kind: r.kind,
      status,
      submitted_at: r.submitted_at.toISOString(),
      started_at: r.started_at?.toISOString() ?? null,
      finished_at: (r.finished_at ?? (FINAL.has(status) ? r.run_finished_at : null))?.toISOString() ?? null,
      run_id: r.run_id === null ? null : Number(r.run_id),
      parameters: r.parameters,
      result: status === 'succeeded' ? r.result : null,
      error,
    };
  }
}
