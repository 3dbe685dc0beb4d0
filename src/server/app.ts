// Builds the `serve` HTTP + WebSocket server (fastify) over the core functions, and closes it gracefully.
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config, DatabaseUrls } from '../config.js';
import type pg from 'pg';
import { createAnalyticsPool, describePgError } from '../db/connections.js';
import { schemaVersion } from '../db/migrate.js';
import type { Logger } from '../log.js';
import { silentProgress, type Progress } from '../progress.js';
import { needsToken, registerAccessControl } from './access-control.js';
import { selectProtocol, TokenVerifier } from './auth.js';
import { ChartCache } from './chart-cache.js';
import { addRangeKeyword, formatSchemaErrors, registerErrorReplies } from './error-replies.js';
import { ServerMetrics } from './metrics.js';
import { MicroCache } from './micro-cache.js';
import { describeOperation, openApiDocument } from './openapi.js';
import { JobStore } from './job-store.js';
import { PipelineRunner } from './pipeline-runner.js';
import { KpiTrendReader } from './read/kpi-trends.js';
import type { CachedBody } from './cached-body.js';
import { RiskListener } from './risk-listener.js';
import { clusteringV1Routes } from './routes/clustering-v1.js';
import { clusteringV2Routes } from './routes/clustering-v2.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { dataMinerV1Routes } from './routes/data-miner-v1.js';
import { operationsRoutes } from './routes/operations.js';
import { redocRoutes } from './routes/redoc.js';
import { websocketRoutes } from './routes/websockets.js';
import type { ServerContext } from './server-context.js';
import { ClientHub } from './ws/client-hub.js';
import { createFanOut } from './ws/fan-out.js';

/** Request bodies are a handful of options: anything larger is refused (400). */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface ServerOptions {
  config: Readonly<Config>;
  urls: DatabaseUrls;
  logger: Logger;
  progress?: Progress;
  /** Tuning and test seams. */
  heartbeatMs?: number;
  wsAuthTimeoutMs?: number;
  maxBufferedBytes?: number;
  /** Read pool size. @default 10 */
  poolSize?: number;
  /** How often this server renews the lease of its background jobs (a job is abandoned 6 leases later). @default 5000 */
  jobHeartbeatMs?: number;
}

export interface AuraServer {
  app: FastifyInstance;
  context: ServerContext;
  /** Listens and returns the bound address (port 0 picks a free port). */
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, finishes requests, closes sockets, waits for a running pipeline (bounded), ends pools. */
  close(): Promise<void>;
}

export async function createServer(opts: ServerOptions): Promise<AuraServer> {
  const { config, logger } = opts;
  const db = createAnalyticsPool(opts.urls.analytics, opts.poolSize ?? 10);
  db.on('error', (err) => logger.warn({ err: err.message }, 'analytics pool connection error'));
  const hub = new ClientHub({ heartbeatMs: opts.heartbeatMs, maxBufferedBytes: opts.maxBufferedBytes });
  const charts = new ChartCache(db);
  const trends = new KpiTrendReader(db);
  const heartbeatMs = opts.jobHeartbeatMs ?? 5000;
  const jobs = new JobStore(db, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, heartbeatMs * 6);
  const runner = new PipelineRunner({ config, urls: opts.urls, logger, jobs, heartbeatMs });
  const pages = new MicroCache<CachedBody>(1000);
  const trendAnswers = new MicroCache<CachedBody>(1000, 100);
  const dropCaches = (all: boolean) => {
    pages.clear();
    if (!all) return;
    charts.invalidate();
    trendAnswers.clear();
  };
  let metrics: ServerMetrics | undefined;
  const onMessage = createFanOut({ hub, logger, count: (type) => metrics?.notifications.inc({ type }), onNotification: (n) => dropCaches(n.type === 'CLUSTER_RUN') });
  // Notifications sent while disconnected are lost: after every (re)connection, read everything afresh.
  const listener = new RiskListener({ url: opts.urls.analytics, logger, onMessage, onConnected: () => dropCaches(true) });
  metrics = new ServerMetrics({ db, hub, listener, runner, logger });
  const context: ServerContext = {
    config,
    urls: opts.urls,
    logger,
    progress: opts.progress ?? silentProgress,
    db,
    tokens: new TokenVerifier(config.apiTokens),
    charts,
    trends,
    pages,
    trendAnswers,
    runner,
    hub,
    listener,
    metrics,
    wsAuthTimeoutMs: opts.wsAuthTimeoutMs ?? 5000,
  };

  const app = Fastify({
    loggerInstance: logger,
    // Fastify's request lines carry the URL (a cursor holds a user id): one line per response is logged below instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    forceCloseConnections: 'idle',
    schemaErrorFormatter: formatSchemaErrors,
    // verbose: errors carry the field's schema, whose range words (x-range) the 400 message quotes.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: true, verbose: true }, plugins: [addRangeKeyword] },
  }) as unknown as FastifyInstance;
  registerErrorReplies(app, BODY_LIMIT_BYTES);
  acceptEmptyJsonBodies(app);
  registerAccessControl(app, { tokens: context.tokens, publicAggregates: config.publicAggregates });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'not_found';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    request.log.info({ method: request.method, route, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(cors, {
    // No origin list, no cross-origin access; never a wildcard, and no cookies (tokens travel in a header).
    origin: config.corsOrigins.length ? [...config.corsOrigins] : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    credentials: false,
    maxAge: 600,
  });
  // Before the swagger plugin and the routes: every operation's operationId, security and 4xx answers.
  app.addHook('onRoute', (route) => describeOperation(route, needsToken(route.config?.access, config.publicAggregates)));
  await app.register(swagger, { openapi: openApiDocument({ port: config.servicePort }) });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  await app.register(websocket, { options: { maxPayload: 4096, handleProtocols: (protocols) => selectProtocol(protocols) } });
  await app.register(async (scope) => {
    await dataMinerV1Routes(scope, context);
    await clusteringV1Routes(scope, context);
    await clusteringV2Routes(scope, context);
    await websocketRoutes(scope, context);
    await operationsRoutes(scope, context);
    await dashboardRoutes(scope);
    await redocRoutes(scope);
  });
  await app.ready();

  return {
    app,
    context,
    async listen(port, host) {
      await warnIfNotMigrated(db, logger);
      await listener.start();
      void trends.warm().catch((err: Error) => logger.warn({ err: err.message }, 'kpi trend cache warm-up failed'));
      await app.listen({ port, host });
      const addr = app.server.address();
      const bound = typeof addr === 'object' && addr ? addr.port : port;
      return { port: bound, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
    },
    async close() {
      hub.close();
      // Keep-alive connections that finish their last request after close() began would otherwise stay
      // open until the keep-alive timeout (72 s): close them as soon as they turn idle.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      await runner.drain(30_000);
      await listener.stop();
      await db.end();
    },
  };
}

/** Serve starts anyway (a migrate job may still be on its way); every data route answers 503 until then. */
async function warnIfNotMigrated(db: pg.Pool, logger: Logger): Promise<void> {
  try {
    const client = await db.connect();
    try {
      if ((await schemaVersion(client)) === 0) logger.warn('the analytics database has no aura-miner schema yet: run `aura-miner migrate`');
    } finally {
      client.release();
    }
  } catch (err) {
    logger.warn({ err: describePgError(err) }, 'the analytics database is not reachable yet');
  }
}

/** `POST` with `Content-Type: application/json` and no body means "no options", not a 400. */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (String(body).trim() === '') return done(null, null);
    parseJson(request, body as string, done);
  });
}
