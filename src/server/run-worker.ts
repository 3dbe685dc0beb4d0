// Worker thread entry: runs one etl or cluster with the same core functions as the CLI, off serve's event loop.
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { runCluster } from '../cluster/run-cluster.js';
import { runEtl } from '../etl/pipeline.js';
import { createLogger } from '../log.js';
import { createProgress } from '../progress.js';
import type { WorkerReply, WorkerRequest } from './worker-messages.js';

const port = parentPort!;
const post = (m: WorkerReply) => port.postMessage(m);
const request = workerData as WorkerRequest;
// Log lines go to serve's logger (one stream, one format); redaction already applied here.
const logger = createLogger({
  level: request.logLevel,
  destination: new Writable({
    write(chunk, _enc, cb) {
      post({ type: 'log', line: String(chunk) });
      cb();
    },
  }),
});
const onRunStarted = (runId: number) => post({ type: 'run-started', runId });

try {
  const result =
    request.kind === 'etl'
      ? await runEtl({ config: request.config, urls: request.urls, logger, progress: createProgress({ logger, tty: false }) }, { ...request.options, onRunStarted })
      : await runCluster({ urls: request.urls, logger }, { ...request.options, onRunStarted });
  post({ type: 'done', result });
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  post({ type: 'failed', error: { name: e.name, message: e.message, code: typeof code === 'string' ? code : undefined } });
}
