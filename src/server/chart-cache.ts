// Serialised charts (SVG and Chart.js JSON) of the latest cluster run, cached per cluster_run_id in memory.
import type pg from 'pg';
import type { ChartData, ChartLang } from '../cluster/chart-data.js';
import { loadLatestChartData, renderChart, type ChartName } from '../charts/chart-files.js';
import { convertDistributionToChartJs, convertHistogramToChartJs, convertRadarToChartJs, convertScatterToChartJs } from '../charts/chartjs.js';
import { NothingToDoError } from '../errors.js';
import { buildCachedBody, type CachedBody } from './cached-body.js';

export const CHARTJS_NAMES = ['distribution', 'scatter', 'radar', 'severity-histogram'] as const;
export type ChartJsName = (typeof CHARTJS_NAMES)[number];


/** How long the latest run id is trusted without asking the database (a CLUSTER_RUN notification also resets it). */
const LATEST_ID_TTL_MS = 1000;

/**
 * chart_data is computed once at the end of each cluster run; rendering or converting it per request
 * would cost milliseconds per call at 50 concurrent clients. The body is built once per
 * (run, chart, language) and served as a string; a new run is seen through the NOTIFY or within a second.
 */
export class ChartCache {
  private latest: { id: number | null; at: number; pending?: Promise<number | null> } = { id: null, at: 0 };
  private data?: { clusterRunId: number; data: ChartData };
  private loading?: Promise<{ clusterRunId: number; data: ChartData }>;
  private readonly bodies = new Map<string, CachedBody>();

  constructor(private readonly db: pg.Pool) {}

  /** Forget the latest run id (a CLUSTER_RUN notification arrived). */
  invalidate(): void {
    this.latest = { id: null, at: 0 };
  }

  svg(name: ChartName, lang: ChartLang): Promise<CachedBody> {
    return this.body(`svg:${name}:${lang}`, 'image/svg+xml; charset=utf-8', (d) => renderChart(name, d, lang));
  }

  chartJs(name: ChartJsName, lang: ChartLang): Promise<CachedBody> {
    return this.body(`json:${name}:${lang}`, 'application/json; charset=utf-8', (d) => JSON.stringify(convertToChartJs(name, d, lang), roundForDisplay));
  }

  private async body(key: string, contentType: string, build: (d: ChartData) => string): Promise<CachedBody> {
    const { clusterRunId, data } = await this.chartData();
    const fullKey = `${clusterRunId}:${key}`;
    let body = this.bodies.get(fullKey);
    if (body === undefined) {
      body = buildCachedBody(build(data), contentType, clusterRunId);
      this.bodies.set(fullKey, body);
    }
    return body;
  }

  private async chartData(): Promise<{ clusterRunId: number; data: ChartData }> {
    const id = await this.latestRunId();
    if (id === null) throw new NothingToDoError('no cluster run yet: run `aura-miner cluster` or POST /api/v1/clustering/execute first');
    if (this.data?.clusterRunId === id) return this.data;
    // One load at a time, however many requests arrive after a new run.
    this.loading ??= loadLatestChartData(this.db)
      .then((stored) => {
        this.bodies.clear();
        this.data = { clusterRunId: stored.clusterRunId, data: stored.data };
        return this.data;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private latestRunId(): Promise<number | null> {
    const now = Date.now();
    if (this.latest.id !== null && now - this.latest.at < LATEST_ID_TTL_MS) return Promise.resolve(this.latest.id);
    this.latest.pending ??= this.db
      .query<{ id: string }>(`SELECT max(cluster_run_id) AS id FROM cluster_runs WHERE status = 'succeeded' AND chart_data IS NOT NULL`)
      .then(({ rows }) => {
        const id = rows[0].id === null ? null : Number(rows[0].id);
        this.latest = { id, at: Date.now() };
        return id;
      })
      .finally(() => {
        if (this.latest.pending) this.latest.pending = undefined;
      });
    return this.latest.pending;
  }
}

/**
 * Four decimals are far below a pixel on any chart (PCA coordinates span a few units, KPI means 0-1)
 * and halve the scatter's JSON (5,000 points: 246 KB to 124 KB).
 */
function roundForDisplay(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e4) / 1e4 : v;
}

function convertToChartJs(name: ChartJsName, d: ChartData, lang: ChartLang) {
  switch (name) {
    case 'distribution':
      return convertDistributionToChartJs(d.distribution, { lang });
    case 'scatter':
      return convertScatterToChartJs(d.scatter, { lang });
    case 'radar':
      return convertRadarToChartJs(d.radar, { lang });
    case 'severity-histogram':
      return convertHistogramToChartJs(d.histogram, { lang });
  }
}
