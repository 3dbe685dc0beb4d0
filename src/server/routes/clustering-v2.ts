// v2 /api/v2/clustering: Chart.js JSON, kpi-trends, high-risk users and the real-time status.
import type { FastifyInstance } from 'fastify';
import type { ChartLang } from '../../cluster/chart-data.js';
import { CHARTJS_NAMES } from '../chart-cache.js';
import { buildCachedBody, JSON_TYPE, sendCachedBody } from '../cached-body.js';
import { decodeCursor } from '../cursor.js';
import { MicroCache, wantsFresh } from '../micro-cache.js';
import { listRiskUsers } from '../read/risk-users.js';
import { readAbandonedRuns, readLastClusterRun, readLastEtlRun, readLastWatchBatch, readWatchState } from '../read/run-status.js';
import { authErrors, chartJsResponse, errorSchema, kpiTrendsQuery, kpiTrendsResponse, langQuery, pageQuery, riskUserPage, v2StatusResponse } from '../schemas.js';
import type { ServerContext } from '../server-context.js';

const PREFIX = '/api/v2/clustering';
const tags = ['v2 real time'];

export async function clusteringV2Routes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  for (const name of CHARTJS_NAMES) {
    app.get<{ Querystring: { lang: ChartLang } }>(
      `${PREFIX}/data/${name}`,
      {
        config: { access: 'aggregate' },
        schema: { tags, summary: `Chart.js data {labels, datasets} for "${name}"`, querystring: langQuery, response: { 200: chartJsResponse, 404: errorSchema } },
      },
      // JSON serialised (and gzipped) once per cluster run, sent as bytes.
      async (request, reply) => sendCachedBody(request, reply, await ctx.charts.chartJs(name, request.query.lang)),
    );
  }

  app.get<{ Querystring: { hours: number; lang: ChartLang } }>(
    `${PREFIX}/data/kpi-trends`,
    {
      config: { access: 'aggregate' },
      schema: { tags, summary: 'Mean normalised KPIs of the ETL runs of the last `hours`, bucketed (Chart.js line data)', querystring: kpiTrendsQuery, response: { 200: kpiTrendsResponse, 400: errorSchema } },
    },
    async (request, reply) => {
      const { hours, lang } = request.query;
      const trends = await ctx.trendAnswers.get(`${hours}:${lang}`, async () => buildCachedBody(JSON.stringify(await ctx.trends.read(hours, lang)), JSON_TYPE), wantsFresh(request.headers));
      return sendCachedBody(request, reply, trends);
    },
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    `${PREFIX}/data/high-risk-users`,
    {
      config: { access: 'private' },
      schema: { tags, security: [{ bearerAuth: [] }], summary: 'High-risk users, highest ASI first (limit, cursor)', querystring: pageQuery, response: { 200: riskUserPage, 400: errorSchema, ...authErrors } },
    },
    async (request, reply) => {
      const { limit, cursor } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const page = await ctx.pages.get(`high:${limit}:${cursor ?? ''}`, async () => buildCachedBody(JSON.stringify(await listRiskUsers(ctx.db, { level: 'high', limit, after })), JSON_TYPE), wantsFresh(request.headers));
      return sendCachedBody(request, reply, page);
    },
  );

  // The database part of the status, for a second (Cache-Control: no-cache reads it afresh).
  const runState = new MicroCache<Awaited<ReturnType<typeof readRunState>>>(1000, 1);
  app.get(
    `${PREFIX}/status`,
    { config: { access: 'aggregate' }, schema: { tags, summary: 'Last ETL and cluster runs, WebSocket clients, listener and watch state', response: { 200: v2StatusResponse } } },
    async (request) => {
      const runs = await runState.get('status', () => readRunState(ctx), wantsFresh(request.headers));
      const listener = ctx.listener.snapshot();
      return {
        status: listener.state === 'listening' ? 'ok' : 'degraded',
        ...runs,
        websocket_clients: ctx.hub.stats().clients,
        listener,
        pipeline_running: ctx.runner.running,
      };
    },
  );
}

async function readRunState(ctx: ServerContext) {
  const [etl, cluster, watch, watchBatch, abandoned] = await Promise.all([
    readLastEtlRun(ctx.db), readLastClusterRun(ctx.db), readWatchState(ctx.db), readLastWatchBatch(ctx.db), readAbandonedRuns(ctx.db),
  ]);
  return { last_etl_run: etl, last_cluster_run: cluster, watch, last_watch_batch: watchBatch, abandoned_runs: abandoned };
}
