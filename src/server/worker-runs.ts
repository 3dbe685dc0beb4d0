// Starts one etl or cluster in a worker thread and turns its messages into a promise, log lines and errors.
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { AuraError, BusyError, ConfigError, LoadError, NothingToDoError, SourceError, UnusableResultError } from '../errors.js';
import type { Logger } from '../log.js';
import type { WorkerReply, WorkerRequest } from './worker-messages.js';

export interface WorkerRun {
  /** The run's result, or its error rebuilt as the same error class (BusyError -> 409, ...). */
  done: Promise<unknown>;
  /** Stops the run (shutdown past its grace period): its transaction is rolled back by the database. */
  terminate(): Promise<void>;
}

const ERRORS: Record<string, new (message: string) => Error> = { AuraError, BusyError, ConfigError, LoadError, NothingToDoError, SourceError, UnusableResultError };

/**
 * A worker thread rather than a child process: it starts in a fraction of a second, its log lines
 * reach serve's logger, and an out-of-memory run ends the worker (ERR_WORKER_OUT_OF_MEMORY), not serve.
 * Its heap limit is serve's own, so a run has the memory the CLI would have.
 */
export function startWorkerRun(request: WorkerRequest, deps: { logger: Logger; onRunStarted?: (runId: number) => void }): WorkerRun {
  const worker = new Worker(new URL('./run-worker.js', import.meta.url), {
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) },
    // The worker's stdout/stderr are not serve's log stream: its logger posts lines instead.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  const log = deps.logger.child({ worker: request.kind });
  const done = new Promise<unknown>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) (settled = true), f();
    };
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'log') relayLogLine(log, m.line);
      else if (m.type === 'run-started') deps.onRunStarted?.(m.runId);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(rebuildError(m.error)));
    });
    worker.on('error', (err) => settle(() => reject(new AuraError(`the ${request.kind} worker failed: ${err.message}`))));
    worker.on('exit', (code) => settle(() => reject(new AuraError(`the ${request.kind} worker stopped (exit code ${code}) before its run ended`))));
  });
  return { done, terminate: async () => void (await worker.terminate()) };
}

/** Our own errors keep their class (their messages are written for users); any other stays an internal error. */
function rebuildError(e: { name: string; message: string; code?: string }): Error {
  const Class = ERRORS[e.name];
  if (Class) return new Class(e.message);
  return Object.assign(new Error(e.message), { name: e.name, code: e.code });
}

/** Writes one pino JSON line of the worker through serve's logger (same level, fields and message). */
function relayLogLine(log: Logger, line: string): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, time: _time, pid: _pid, hostname: _host, app: _app, ...fields } = entry;
  const name = log.levels.labels[Number(level)] as 'info' | undefined;
  if (name && typeof log[name] === 'function') log[name](fields, typeof msg === 'string' ? msg : '');
}
