// The five SVG files of SPEC §6 from the latest cluster run's stored chart data (`aura-miner svg`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { NothingToDoError } from '../errors.js';
import type { ChartData, ChartLang } from '../cluster/chart-data.js';
import { renderDashboard } from './dashboard.js';
import { renderDistributionChart } from './distribution.js';
import { renderRadarChart } from './radar.js';
import { renderScatterChart } from './scatter.js';
import { renderSeverityHistogram } from './severity-histogram.js';

export const CHART_NAMES = ['dashboard', 'scatter', 'distribution', 'radar', 'severity-histogram'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export interface StoredChartData {
  clusterRunId: number;
  finishedAt: Date;
  data: ChartData;
}

/** Chart data precomputed by the latest successful cluster run; NothingToDoError when none ran. */
export async function loadLatestChartData(db: pg.ClientBase | pg.Pool): Promise<StoredChartData> {
  const { rows } = await db.query<{ cluster_run_id: string; finished_at: Date; chart_data: ChartData }>(
    `SELECT cluster_run_id, finished_at, chart_data FROM cluster_runs
     WHERE status = 'succeeded' AND chart_data IS NOT NULL ORDER BY cluster_run_id DESC LIMIT 1`,
  );
  if (!rows.length) throw new NothingToDoError('no cluster run yet: run `aura-miner cluster` first');
  return { clusterRunId: Number(rows[0].cluster_run_id), finishedAt: rows[0].finished_at, data: rows[0].chart_data };
}

/** Renders one chart; the same function serves files and HTTP. */
export function renderChart(name: ChartName, data: ChartData, lang: ChartLang): string {
  switch (name) {
    case 'dashboard':
      return renderDashboard(data, { lang });
    case 'scatter':
      return renderScatterChart(data.scatter, { lang });
    case 'distribution':
      return renderDistributionChart(data.distribution, { lang });
    case 'radar':
      return renderRadarChart(data.radar, { lang });
    case 'severity-histogram':
      return renderSeverityHistogram(data.histogram, { lang });
  }
}

export function writeChartFiles(data: ChartData, out: string, lang: ChartLang): string[] {
  mkdirSync(out, { recursive: true });
  return CHART_NAMES.map((name) => {
    const path = join(out, `${name}.svg`);
    writeFileSync(path, renderChart(name, data, lang));
    return path;
  });
}
