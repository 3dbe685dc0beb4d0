// What every route needs, built once per server and passed to the route plugins.
import type pg from 'pg';
import type { Config, DatabaseUrls } from '../config.js';
import type { Logger } from '../log.js';
import type { Progress } from '../progress.js';
import type { TokenVerifier } from './auth.js';
import type { ChartCache } from './chart-cache.js';
import type { ServerMetrics } from './metrics.js';
import type { MicroCache } from './micro-cache.js';
import type { PipelineRunner } from './pipeline-runner.js';
import type { KpiTrendReader } from './read/kpi-trends.js';
import type { CachedBody } from './cached-body.js';
import type { RiskListener } from './risk-listener.js';
import type { ClientHub } from './ws/client-hub.js';

/**
 * public: never needs a token (docs, dashboard files, health);
 * aggregate: status and chart aggregates, public unless AURA_PUBLIC_AGGREGATES=false;
 * private: per-user data and every execute endpoint, always a bearer token.
 */
export type Access = 'public' | 'aggregate' | 'private';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface ServerContext {
  config: Readonly<Config>;
  urls: DatabaseUrls;
  logger: Logger;
  progress: Progress;
  db: pg.Pool;
  tokens: TokenVerifier;
  charts: ChartCache;
  trends: KpiTrendReader;
  /** Serialised risk pages for a second at most, dropped on every risk notification (50 clients polling cost one query). */
  pages: MicroCache<CachedBody>;
  /** kpi-trends answers for a second at most, dropped when a run finishes. */
  trendAnswers: MicroCache<CachedBody>;
  runner: PipelineRunner;
  hub: ClientHub;
  listener: RiskListener;
  metrics: ServerMetrics;
  /** Seconds a WebSocket client has to send its AUTH message when it offered no bearer subprotocol. */
  wsAuthTimeoutMs: number;
}
