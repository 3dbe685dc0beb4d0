// v1 /api/v1/clustering: execute, results, SVG charts (same renderer as `aura-miner svg`), users by risk level.
import type { FastifyInstance } from 'fastify';
import type { ChartLang } from '../../cluster/chart-data.js';
import { CHART_NAMES } from '../../charts/chart-files.js';
import { DEFAULT_CLUSTER_SEED, type ClusterSummary } from '../../cluster/run-cluster.js';
import type { VoteRule } from '../../cluster/vote.js';
import type { RiskLevel } from '../../model/feature-vector.js';
import { buildCachedBody, JSON_TYPE, sendCachedBody } from '../cached-body.js';
import { wantsFresh } from '../micro-cache.js';
import { readRiskPage, type RiskPageQuery } from '../read/risk-users.js';
import { countUsersByLevel, readLastClusterRun } from '../read/run-status.js';
import { authErrors, clusterBody, clusteringResultsResponse, clusterResponse, errorSchema, langQuery, pageQuery, riskLevelParams, riskUserPage } from '../schemas.js';
import type { ServerContext } from '../server-context.js';

const PREFIX = '/api/v1/clustering';
const tags = ['v1 clustering'];
const security = [{ bearerAuth: [] }];

interface ClusterBody {
  seed?: number;
  k?: number;
  eps?: number;
  min_pts?: number;
  contamination?: number;
  vote_rule?: VoteRule;
  min_signals?: number;
}

function toClusterResponse(s: ClusterSummary) {
  return {
    status: 'success',
    message: 'Clustering por votación (K-Means, DBSCAN, Isolation Forest) completado con éxito.',
    cluster_run_id: s.clusterRunId,
    users: s.users,
    levels: s.levels.map((l) => ({ level: l.level, users: l.users, share: l.share, mean_asi: l.meanAsi, mean_severity: l.meanSeverity })),
    silhouette: s.silhouette,
    seconds: s.seconds,
    next_step: 'Los resultados están en user_risk_results; los gráficos en /api/v1/clustering/visualize/dashboard.',
  };
}

export async function clusteringV1Routes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post<{ Body: ClusterBody | null }>(
    `${PREFIX}/execute`,
    {
      config: { access: 'private' },
      schema: { tags, security, summary: 'Run the risk ensemble on the current vectors and wait for it', body: clusterBody, response: { 200: clusterResponse, ...authErrors, 404: errorSchema, 409: errorSchema, 422: { description: 'the result was unusable (flags nearly everyone): the live verdicts were kept', ...errorSchema } } },
    },
    async (request) => {
      const b = request.body ?? {};
      // Unset options fall to the ensemble's defaults, the same ones `aura-miner cluster` uses.
      const options = { seed: b.seed ?? DEFAULT_CLUSTER_SEED, k: b.k, eps: b.eps, minPts: b.min_pts, contamination: b.contamination, voteRule: b.vote_rule, minSignals: b.min_signals };
      const summary = await ctx.runner.run({ kind: 'cluster', options });
      ctx.charts.invalidate();
      ctx.pages.clear();
      ctx.trendAnswers.clear();
      return toClusterResponse(summary);
    },
  );

  app.get(
    `${PREFIX}/results`,
    { config: { access: 'aggregate' }, schema: { tags, summary: 'The latest successful cluster run and current users per level', response: { 200: clusteringResultsResponse } } },
    async () => {
      const [run, levels] = await Promise.all([readLastClusterRun(ctx.db, true), countUsersByLevel(ctx.db)]);
      return { cluster_run: run, users_by_level: levels };
    },
  );

  for (const name of CHART_NAMES) {
    app.get<{ Querystring: { lang: ChartLang } }>(
      `${PREFIX}/visualize/${name}`,
      {
        config: { access: 'aggregate' },
        schema: {
          tags,
          summary: `SVG chart "${name}" of the latest cluster run (image/svg+xml)`,
          querystring: langQuery,
          produces: ['image/svg+xml'],
          response: { 200: { description: 'SVG document', type: 'string' }, 404: errorSchema },
        },
      },
      async (request, reply) => sendCachedBody(request, reply, await ctx.charts.svg(name, request.query.lang)),
    );
  }

  app.get<{ Params: { risk_level: RiskLevel }; Querystring: RiskPageQuery }>(
    `${PREFIX}/users/:risk_level`,
    {
      config: { access: 'private' },
      schema: {
        tags,
        security,
        summary: 'Users of one risk level, highest severity first (sort=asi: highest ASI first), paginated with limit and cursor',
        params: riskLevelParams,
        querystring: pageQuery,
        response: { 200: riskUserPage, 400: errorSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const { limit, cursor, sort } = request.query;
      const level = request.params.risk_level;
      const page = await ctx.pages.get(`${level}:${sort}:${limit}:${cursor ?? ''}`, async () => buildCachedBody(JSON.stringify(await readRiskPage(ctx.db, level, request.query)), JSON_TYPE), wantsFresh(request.headers));
      return sendCachedBody(request, reply, page);
    },
  );
}
