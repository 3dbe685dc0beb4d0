// Shared by the serve benchmarks: an embedded PostgreSQL with N users loaded straight into the analytics tables, and `serve` as a CLI process.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import type { ChartData } from '../src/cluster/chart-data.js';
import { findFreePort } from '../src/db/embedded.js';
import { KPI_COLUMNS } from '../src/model/feature-vector.js';
import { PACKAGE_ROOT } from '../src/paths.js';

/** The dashboard's v2 reads (the per-user list needs the token). */
export const V2_READS = [
  '/api/v2/clustering/data/distribution',
  '/api/v2/clustering/data/scatter',
  '/api/v2/clustering/data/radar',
  '/api/v2/clustering/data/severity-histogram',
  '/api/v2/clustering/data/kpi-trends?hours=24',
  '/api/v2/clustering/data/high-risk-users?limit=50',
  '/api/v2/clustering/status',
];

export interface BenchUrls {
  auth: string;
  social: string;
  messaging: string;
  analytics: string;
}

/** The `serve` CLI in its own process, so autocannon and the WebSocket clients do not share its event loop. */
export async function startServe(urls: BenchUrls, token: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), 'serve', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL_ANALYTICS: urls.analytics,
      DATABASE_URL_AUTH: urls.auth,
      DATABASE_URL_SOCIAL: urls.social,
      DATABASE_URL_MESSAGING: urls.messaging,
      AURA_API_TOKENS: token,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('serve exited before listening');
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('serve did not start within 60 s');
}

/**
 * N users straight into the analytics tables with generate_series (seeding and clustering a million
 * users takes minutes and is measured by the etl and cluster benchmarks): one succeeded etl run with its
 * vectors and history, verdicts with 5 % high and 10 % moderate, and one cluster run with chart data of
 * the sizes a real run stores (5,000 scatter points, 4 radar clusters, 20 histogram bins).
 */
export async function loadPopulation(urls: BenchUrls, n: number): Promise<{ reused: boolean; seconds: number }> {
  const t = performance.now();
  const c = new pg.Client({ connectionString: urls.analytics });
  await c.connect();
  try {
    const have = await c.query(`SELECT users, reference_time > now() - interval '12 hours' AS fresh FROM etl_runs ORDER BY run_id DESC LIMIT 1`);
    if (have.rows[0]?.users === n && have.rows[0].fresh) return { reused: true, seconds: 0 };
    await c.query('TRUNCATE etl_runs, user_feature_vector, user_feature_history, user_risk_results, cluster_models, cluster_runs RESTART IDENTITY CASCADE');
    const run = (await c.query(`INSERT INTO etl_runs (kind, status, started_at, finished_at, reference_time, users) VALUES ('etl', 'succeeded', now() - interval '40 seconds', now(), now(), $1) RETURNING run_id`, [n])).rows[0].run_id;
    const uid = `md5('bench-' || i)::uuid`;
    const kpis = KPI_COLUMNS.map((k) => (k === 'is_profile_incomplete' ? 'random() < 0.3' : 'random()')).join(', ');
    await c.query(
      `INSERT INTO user_feature_vector (user_id_raiz, run_id, extraction_date, ${KPI_COLUMNS.join(', ')}, followers_count, following_count, reciprocity_ratio_raw,
         days_since_last_seen_raw, messages_count, night_messages_count, num_community_categories_raw)
       SELECT ${uid}, $1, now(), ${kpis}, 10, 12, 1.2, 3.5, 40, 4, 2 FROM generate_series(1, $2) i`,
      [run, n],
    );
    await c.query(
      `INSERT INTO user_feature_history (run_id, user_id_raiz, extraction_date, ${KPI_COLUMNS.join(', ')}, reciprocity_ratio_raw, days_since_last_seen_raw, num_community_categories_raw)
       SELECT run_id, user_id_raiz, extraction_date, ${KPI_COLUMNS.join(', ')}, reciprocity_ratio_raw, days_since_last_seen_raw, num_community_categories_raw FROM user_feature_vector`,
    );
    const counts = { high: Math.round(n * 0.05), moderate: Math.round(n * 0.1), low: n - Math.round(n * 0.05) - Math.round(n * 0.1) };
    const cluster = (
      await c.query(
        `INSERT INTO cluster_runs (etl_run_id, status, started_at, finished_at, users, seed, level_counts, chart_data) VALUES ($1, 'succeeded', now() - interval '20 seconds', now(), $2, 42, $3, $4) RETURNING cluster_run_id`,
        [run, n, JSON.stringify(counts), JSON.stringify(fakeChartData(counts, n))],
      )
    ).rows[0].cluster_run_id;
    await c.query(
      `INSERT INTO user_risk_results (user_id_raiz, cluster_run_id, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi)
       SELECT ${uid}, $1, i % 4, CASE WHEN i <= $2 THEN -1 ELSE 0 END, random(),
              CASE WHEN i <= $2 THEN 2 WHEN i <= $2 + $3 THEN 1 ELSE 0 END,
              CASE WHEN i <= $2 THEN 'high' WHEN i <= $2 + $3 THEN 'moderate' ELSE 'low' END,
              CASE WHEN i <= $2 THEN 70 + random() * 30 WHEN i <= $2 + $3 THEN 40 + random() * 30 ELSE random() * 40 END
       FROM generate_series(1, $4) i`,
      [cluster, counts.high, counts.moderate, n],
    );
    await c.query('VACUUM ANALYZE user_risk_results');
    await c.query('VACUUM ANALYZE user_feature_vector');
    await c.query('ANALYZE user_feature_history');
    return { reused: false, seconds: round((performance.now() - t) / 1000) };
  } finally {
    await c.end();
  }
}

function fakeChartData(counts: Record<'high' | 'moderate' | 'low', number>, users: number): ChartData {
  const levels = ['high', 'moderate', 'low'] as const;
  let seed = 1;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  return {
    distribution: levels.map((level) => ({ level, count: counts[level] })),
    scatter: { points: Array.from({ length: 5000 }, (_, i) => ({ x: rnd() * 4 - 2, y: rnd() * 3 - 1.5, level: levels[i % 20 === 0 ? 0 : i % 10 === 0 ? 1 : 2] })), total: users, varianceRatio: [0.41, 0.22] },
    radar: { kpiNames: [...KPI_COLUMNS], clusters: [0, 1, 2, 3].map((cluster) => ({ cluster, size: Math.round(users / 4), means: KPI_COLUMNS.map(() => rnd()), worst: cluster === 3 })) },
    histogram: { edges: Array.from({ length: 21 }, (_, i) => i * 5), counts: Array.from({ length: 20 }, () => Math.round(rnd() * users * 0.1)) },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
