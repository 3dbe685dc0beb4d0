// One pipeline (etl or cluster) at a time in this process, and the background jobs of execute-etl-async.
import { randomUUID } from 'node:crypto';
import { BusyError, exitCodeOf } from '../errors.js';
import { scrubSecrets } from '../log.js';

export type PipelineKind = 'etl' | 'cluster';

export interface Job {
  job_id: string;
  kind: PipelineKind;
  status: 'running' | 'succeeded' | 'failed';
  submitted_at: string;
  finished_at: string | null;
  result: unknown;
  error: string | null;
}

/** Finished jobs remembered for polling; the oldest are forgotten first. */
const MAX_JOBS = 200;

/**
 * The advisory lock in the database already serialises runs across processes (BusyError); this guard
 * answers 409 at once inside one `serve` without opening connections, and lets shutdown wait for the
 * run in progress.
 */
export class PipelineRunner {
  private current?: { kind: PipelineKind; since: Date; done: Promise<unknown> };
  private readonly jobs = new Map<string, Job>();

  get running(): { kind: PipelineKind; since: string } | null {
    return this.current ? { kind: this.current.kind, since: this.current.since.toISOString() } : null;
  }

  /** Runs `fn` now, or throws BusyError (HTTP 409) when a pipeline is already running here. */
  async run<T>(kind: PipelineKind, fn: () => Promise<T>): Promise<T> {
    if (this.current) throw new BusyError(`a ${this.current.kind} run started at ${this.current.since.toISOString()} is still running in this server; try again when it ends`);
    const done = fn();
    this.current = { kind, since: new Date(), done };
    try {
      return await done;
    } finally {
      this.current = undefined;
    }
  }

  /** Starts `fn` in the background and returns its job at once (or throws BusyError). */
  start<T>(kind: PipelineKind, fn: () => Promise<T>, onError: (err: unknown) => void): Job {
    if (this.current) throw new BusyError(`a ${this.current.kind} run is still running in this server; try again when it ends`);
    const job: Job = { job_id: randomUUID(), kind, status: 'running', submitted_at: new Date().toISOString(), finished_at: null, result: null, error: null };
    this.remember(job);
    this.run(kind, fn).then(
      (result) => Object.assign(job, { status: 'succeeded', result, finished_at: new Date().toISOString() }),
      (err: unknown) => {
        onError(err);
        const busy = exitCodeOf(err) === 3;
        Object.assign(job, { status: 'failed', finished_at: new Date().toISOString(), error: (busy ? 'busy: ' : '') + scrubSecrets(err instanceof Error ? err.message : String(err)) });
      },
    );
    return job;
  }

  job(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Waits for the run in progress, at most `timeoutMs` (graceful shutdown). */
  async drain(timeoutMs: number): Promise<void> {
    const current = this.current?.done.catch(() => {});
    if (!current) return;
    await Promise.race([current, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  private remember(job: Job): void {
    this.jobs.set(job.job_id, job);
    while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
  }
}
