// `demo`: embedded PostgreSQL + synthetic AURA data + migrate + etl, with a short summary.
import type { Config, DatabaseUrls } from '../config.js';
import { EMBEDDED_DATABASES, embeddedUrls, startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { runEtl, type EtlResult } from '../etl/pipeline.js';
import type { Logger } from '../log.js';
import type { Progress } from '../progress.js';
import { seedDatabases, type SeedDatabasesResult } from './seed-databases.js';
import { DEFAULT_CLUSTER_SEED, runCluster, type ClusterSummary } from '../cluster/run-cluster.js';
import { loadLatestChartData, writeChartFiles, type StoredChartData } from '../charts/chart-files.js';
import { createAnalyticsPool, endPools } from '../db/connections.js';


export interface DemoOptions {
  users: number;
  seed: number;
  /** Where the SVG charts go. */
  chartsDir: string;
  /** Called with the result and the databases while the embedded server still runs (print it; serve; wait for Ctrl-C to keep it up). */
  onReady?: (result: DemoResult, urls: DatabaseUrls) => Promise<void>;
}

export interface DemoResult {
  dataDir: string;
  port: number;
  analyticsUrl: string;
  seeded: SeedDatabasesResult;
  etl: EtlResult;
  cluster: ClusterSummary;
  charts: string[];
  seconds: Record<string, number>;
}

async function loadChartsOf(analyticsUrl: string): Promise<StoredChartData> {
  const pool = createAnalyticsPool(analyticsUrl, 1);
  try {
    return await loadLatestChartData(pool);
  } finally {
    await endPools(pool);
  }
}

export async function runDemo(deps: { config: Readonly<Config>; logger: Logger; progress: Progress }, opts: DemoOptions): Promise<DemoResult> {
  const { config, logger, progress } = deps;
  const seconds: Record<string, number> = {};
  const t0 = performance.now();
  const lap = (name: string, since: number) => (seconds[name] = Math.round(performance.now() - since) / 1000);
  const server = await startEmbeddedPostgres({
    dir: config.embeddedDir,
    databases: Object.values(EMBEDDED_DATABASES),
    onLog: (line) => logger.trace({ postgres: line.trim() }, 'embedded postgres'),
  });
  lap('start_postgres', t0);
  try {
    const urls = embeddedUrls(server);
    let t = performance.now();
    const seeded = await seedDatabases(urls, { users: opts.users, seed: opts.seed, referenceTime: new Date(), onlyIfEmpty: true });
    lap('seed', t);
    logger.info(seeded.skipped ? { skipped: true } : { users: seeded.users, messages: seeded.messages }, seeded.skipped ? 'sources already seeded: reusing them' : 'synthetic sources written');
    t = performance.now();
    await migrate(urls.analytics, logger);
    lap('migrate', t);
    t = performance.now();
    const etl = await runEtl({ config, urls, logger, progress });
    lap('etl', t);
    t = performance.now();
    const cluster = await runCluster({ urls, logger }, { seed: DEFAULT_CLUSTER_SEED });
    lap('cluster', t);
    t = performance.now();
    const charts = writeChartFiles((await loadChartsOf(urls.analytics)).data, opts.chartsDir, 'es');
    lap('svg', t);
    progress.stop();
    lap('total', t0);
    const result = { dataDir: config.embeddedDir, port: server.port, analyticsUrl: urls.analytics, seeded, etl, cluster, charts, seconds };
    await opts.onReady?.(result, urls);
    return result;
  } finally {
    progress.stop();
    await server.stop();
  }
}
