// One pipeline (etl or cluster) at a time in this process, run in a worker thread; background jobs kept in PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { ClusterSummary } from '../cluster/run-cluster.js';
import type { Config, DatabaseUrls, LogLevel } from '../config.js';
import type { EtlResult } from '../etl/pipeline.js';
import { BusyError, exitCodeOf } from '../errors.js';
import { scrubSecrets, type Logger } from '../log.js';
import type { Job, JobStore } from './job-store.js';
import type { WorkerRequest } from './worker-messages.js';
import { startWorkerRun, type WorkerRun } from './worker-runs.js';

export type PipelineKind = 'etl' | 'cluster';

/** What serve asks for: the kind and the run's options (plain values: they cross to the worker thread). */
export type PipelineRequest = { kind: 'etl'; options: Extract<WorkerRequest, { kind: 'etl' }>['options'] } | { kind: 'cluster'; options: Extract<WorkerRequest, { kind: 'cluster' }>['options'] };
type ResultOf<R extends PipelineRequest> = R extends { kind: 'etl' } ? EtlResult : ClusterSummary;

export interface PipelineRunnerOptions {
  config: Readonly<Config>;
  urls: DatabaseUrls;
  logger: Logger;
  jobs: JobStore;
  /** How often a job's lease is renewed (the lease is 6 times longer). @default 5000 */
  heartbeatMs?: number;
}

interface Slot {
  kind: PipelineKind;
  since: Date;
  done?: Promise<unknown>;
  worker?: WorkerRun;
  jobId?: string;
}

/**
 * The advisory lock in the database serialises runs across processes and replicas (BusyError, 409);
 * this guard answers 409 at once inside one `serve` without opening connections, and lets shutdown
 * wait for the run in progress. The run itself goes on in a worker thread, so requests, WebSockets
 * and /healthz are served while a run of any size goes on.
 */
export class PipelineRunner {
  private current?: Slot;

  constructor(private readonly opts: PipelineRunnerOptions) {}

  get running(): { kind: PipelineKind; since: string } | null {
    return this.current ? { kind: this.current.kind, since: this.current.since.toISOString() } : null;
  }

  get jobs(): JobStore {
    return this.opts.jobs;
  }

  /** Runs now and waits for the result, or throws BusyError (HTTP 409) when a pipeline is already running here. */
  async run<R extends PipelineRequest>(request: R): Promise<ResultOf<R>> {
    const slot = this.claim(request.kind);
    try {
      const run = this.execute(request, slot);
      slot.done = run;
      return (await run) as ResultOf<R>;
    } finally {
      this.current = undefined;
    }
  }

  /**
   * Records a job (queued), starts it in the background and returns it (or throws BusyError). `finish`
   * turns the run's result into the job's stored result.
   */
  async start<R extends PipelineRequest>(request: R, parameters: Record<string, unknown>, finish: (result: ResultOf<R>) => unknown): Promise<Job> {
    const slot = this.claim(request.kind);
    const jobId = randomUUID();
    const { jobs, logger } = this.opts;
    try {
      await jobs.create(request.kind, jobId, parameters);
    } catch (err) {
      this.current = undefined;
      throw err;
    }
    slot.jobId = jobId;
    // Job ids stay out of the logs, like every other id a client holds.
    const warn = (what: string) => (err: Error) => logger.warn({ kind: request.kind, err: scrubSecrets(err.message) }, what);
    const renew = setInterval(() => void jobs.renew([jobId]).catch(warn('renewing a job lease failed')), this.opts.heartbeatMs ?? 5000);
    renew.unref();
    slot.done = (async () => {
      let linked: Promise<void> = Promise.resolve();
      try {
        await jobs.markRunning(jobId);
        const result = await this.execute(request, slot, (runId) => (linked = jobs.linkRun(jobId, request.kind, runId).catch(warn('linking a job to its run failed'))));
        await linked;
        await jobs.finish(jobId, { status: 'succeeded', result: finish(result as ResultOf<R>) });
      } catch (err) {
        logger.warn({ kind: request.kind, err: scrubSecrets((err as Error).message) }, `background ${request.kind} failed`);
        const busy = exitCodeOf(err) === 3;
        await linked;
        await jobs.finish(jobId, { status: 'failed', error: (busy ? 'busy: ' : '') + scrubSecrets(err instanceof Error ? err.message : String(err)).slice(0, 2000) }).catch(warn('recording a job failure failed'));
      } finally {
        clearInterval(renew);
        this.current = undefined;
      }
    })();
    return (await jobs.read(jobId))!;
  }

  job(id: string): Promise<Job | undefined> {
    return this.opts.jobs.read(id);
  }

  /**
   * Waits for the run in progress, at most `timeoutMs` (graceful shutdown); past it the worker is stopped,
   * so its transaction rolls back and the live data stays as it was.
   */
  async drain(timeoutMs: number): Promise<void> {
    const slot = this.current;
    const current = slot?.done?.catch(() => {});
    if (!slot || !current) return;
    const finished = await Promise.race([current.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
    if (finished) return;
    this.opts.logger.warn({ kind: slot.kind, timeoutMs }, 'stopping the run still in progress at shutdown: its changes are rolled back');
    await slot.worker?.terminate();
    await current;
  }

  private claim(kind: PipelineKind): Slot {
    if (this.current) throw new BusyError(`a ${this.current.kind} run started at ${this.current.since.toISOString()} is still running in this server; try again when it ends`);
    this.current = { kind, since: new Date() };
    return this.current;
  }

  private execute(request: PipelineRequest, slot: Slot, onRunStarted?: (runId: number) => void): Promise<unknown> {
    const { config, logger } = this.opts;
    // Only the four strings cross to the worker (a caller's object may carry more, such as functions).
    const { auth, social, messaging, analytics } = this.opts.urls;
    const urls = { auth, social, messaging, analytics };
    const logLevel = logger.level as LogLevel;
    const workerRequest: WorkerRequest = request.kind === 'etl' ? { kind: 'etl', config, urls, logLevel, options: request.options } : { kind: 'cluster', urls, logLevel, options: request.options };
    slot.worker = startWorkerRun(workerRequest, { logger, onRunStarted });
    return slot.worker.done;
  }
}
