// The four charts on one sheet (SPEC §6 dashboard.svg): nested <svg>s in a 2 x 2 grid under one title.
import type { ChartData, ChartOptions } from '../cluster/chart-data.js';
import { selectChartLabels } from './chart-labels.js';
import { renderDistributionChart } from './distribution.js';
import { formatNumber } from './number-format.js';
import { renderRadarChart } from './radar.js';
import { renderScatterChart } from './scatter.js';
import { renderSeverityHistogram } from './severity-histogram.js';
import { element, renderSvgDocument, text } from './svg.js';

export interface DashboardOptions extends Pick<ChartOptions, 'lang'> {
  /** Shown under the title, e.g. the run's reference time; kept out by default so output is stable. */
  subtitle?: string;
  /** Scatter points drawn at most. @default 5000 */
  maxScatterPoints?: number;
}

const CELL = { width: 680, height: 420 };
const HEADER = 56;
const GAP = 12;

export function renderDashboard(data: ChartData, options: DashboardOptions = {}): string {
  const lang = options.lang ?? 'es';
  const labels = selectChartLabels(lang);
  const width = 2 * CELL.width + 3 * GAP;
  const height = HEADER + 2 * CELL.height + 2 * GAP;
  const at = (column: number, row: number) => ({ x: GAP + column * (CELL.width + GAP), y: HEADER + row * (CELL.height + GAP), lang, ...CELL });
  const total = data.distribution.reduce((s, d) => s + d.count, 0);
  return renderSvgDocument(
    { width, height, idPrefix: 'dashboard', title: labels.dashboardTitle, description: `${labels.dashboardTitle}. ${labels.users}: ${formatNumber(total, lang)}.` },
    [
      element('rect', { width, height, fill: '#f4f4f4' }),
      element('text', { class: 'dashboard-title', x: width / 2, y: 28, 'text-anchor': 'middle', 'font-size': 20, 'font-weight': 'bold', fill: '#111111' }, text(labels.dashboardTitle)),
      element('text', { x: width / 2, y: 47, 'text-anchor': 'middle', 'font-size': 12, fill: '#555555' }, text(options.subtitle ?? `${labels.users}: ${formatNumber(total, lang)}`)),
      renderDistributionChart(data.distribution, at(0, 0)),
      renderScatterChart(data.scatter, { ...at(1, 0), maxPoints: options.maxScatterPoints }),
      renderRadarChart(data.radar, at(0, 1)),
      renderSeverityHistogram(data.histogram, at(1, 1)),
    ],
  );
}
