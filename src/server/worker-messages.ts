// The messages between serve and the worker thread that runs an etl or cluster (structured-clone safe).
import type { ClusterOptions } from '../cluster/run-cluster.js';
import type { Config, DatabaseUrls, LogLevel } from '../config.js';
import type { EtlOptions } from '../etl/pipeline.js';

type Plain<T> = { [K in keyof T as T[K] extends ((...args: never[]) => unknown) | undefined ? never : K]: T[K] };

export type WorkerRequest =
  | { kind: 'etl'; config: Readonly<Config>; urls: DatabaseUrls; logLevel: LogLevel; options: Plain<EtlOptions> }
  | { kind: 'cluster'; urls: DatabaseUrls; logLevel: LogLevel; options: Plain<ClusterOptions> };

export type WorkerReply =
  | { type: 'log'; line: string }
  /** The run row (etl_runs.run_id or cluster_runs.cluster_run_id) exists. */
  | { type: 'run-started'; runId: number }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: { name: string; message: string; code?: string } };
