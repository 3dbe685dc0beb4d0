// v1 /api/v1/data-miner: status, execute-etl (seed response shape), execute-etl-async + job polling, vector count.
import type { FastifyInstance } from 'fastify';
import type { EtlResult } from '../../etl/pipeline.js';
import { parseReferenceTimeValue, REFERENCE_TIME_RANGE } from '../../input-ranges.js';
import { badRequest, HttpError } from '../http-errors.js';
import { countFeatureVectors, readAbandonedRuns, readLastEtlRun } from '../read/run-status.js';
import { acceptedResponse, authErrors, countResponse, errorSchema, etlBody, etlResponse, jobResponse, v1StatusResponse } from '../schemas.js';
import type { ServerContext } from '../server-context.js';

const PREFIX = '/api/v1/data-miner';
const tags = ['v1 ETL'];
const security = [{ bearerAuth: [] }];

interface EtlBody {
  reference_time?: string;
}

/** The seed's ETLResponse (status, message, records_processed, extraction_date, next_step) plus the run id and timings. */
export function toEtlResponse(r: EtlResult) {
  return {
    status: 'success',
    message: 'Flujo ETL de Vectorización completado con éxito.',
    records_processed: r.users,
    extraction_date: r.referenceTime,
    next_step: "La tabla 'user_feature_vector' está lista para el algoritmo de Clustering.",
    run_id: r.runId,
    seconds: r.seconds,
  };
}

export async function dataMinerV1Routes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const etlRequest = (body: EtlBody | null | undefined) => ({ kind: 'etl' as const, options: { referenceTime: readReferenceTime(body) } });
  const finished = (result: EtlResult) => {
    ctx.trendAnswers.clear();
    void ctx.trends.warm(1).catch(() => {});
    return toEtlResponse(result);
  };

  app.get(`${PREFIX}/status`, { config: { access: 'aggregate' }, schema: { tags, summary: 'Service status (seed HealthResponse)', response: { 200: v1StatusResponse } } }, async () => ({
    status: 'ok',
    service: 'AURA Data Miner',
    ready_for_etl: ctx.runner.running === null,
    pipeline_running: ctx.runner.running,
    abandoned_runs: await readAbandonedRuns(ctx.db),
  }));

  app.post<{ Body: EtlBody | null }>(
    `${PREFIX}/execute-etl`,
    {
      config: { access: 'private' },
      schema: { tags, security, summary: 'Run extract -> transform -> load and wait for it', body: etlBody, response: { 200: etlResponse, ...authErrors, 404: errorSchema, 409: errorSchema } },
    },
    async (request) => finished(await ctx.runner.run(etlRequest(request.body))),
  );

  app.post<{ Body: EtlBody | null }>(
    `${PREFIX}/execute-etl-async`,
    {
      config: { access: 'private' },
      schema: { tags, security, summary: 'Start the ETL in the background; poll check_status_at', body: etlBody, response: { 202: acceptedResponse, ...authErrors, 409: errorSchema } },
    },
    async (request, reply) => {
      const job = await ctx.runner.start(etlRequest(request.body), { reference_time: request.body?.reference_time ?? null }, finished);
      const url = `${PREFIX}/jobs/${job.job_id}`;
      reply.code(202).header('location', url);
      return { status: 'accepted', message: 'El proceso ETL se está ejecutando en segundo plano.', job_id: job.job_id, check_status_at: url };
    },
  );

  app.get<{ Params: { job_id: string } }>(
    `${PREFIX}/jobs/:job_id`,
    {
      config: { access: 'private' },
      schema: {
        tags,
        security,
        summary: 'State of a background ETL job, from any replica (kept in the analytics database)',
        params: { type: 'object', properties: { job_id: { type: 'string', format: 'uuid' } }, required: ['job_id'] },
        response: { 200: jobResponse, ...authErrors, 404: errorSchema },
      },
    },
    async (request) => {
      const job = await ctx.runner.job(request.params.job_id);
      if (!job) throw new HttpError(404, 'no such job');
      return job;
    },
  );

  app.get(
    `${PREFIX}/feature-vector/count`,
    { config: { access: 'aggregate' }, schema: { tags, summary: 'Rows in user_feature_vector', response: { 200: countResponse } } },
    async () => {
      const [counts, last] = await Promise.all([countFeatureVectors(ctx.db), readLastEtlRun(ctx.db, true)]);
      return { ...counts, last_extraction_date: last?.reference_time ?? null };
    },
  );
}

/** A reference time before the sources can hold data, or ahead of the clock, is refused before any run starts. */
function readReferenceTime(body: EtlBody | null | undefined): Date | undefined {
  if (body?.reference_time === undefined) return undefined;
  const d = parseReferenceTimeValue(body.reference_time);
  if (!d) throw badRequest(`body.reference_time must be ${REFERENCE_TIME_RANGE}`);
  return d;
}
