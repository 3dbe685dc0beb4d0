// Scatter of users on the first two principal components, by risk level (SPEC §6 scatter.svg).
import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import type { RiskLevel } from '../model/feature-vector.js';
import { renderLinearAxis } from './axis.js';
import { DEFAULT_SCATTER_POINTS, type ChartOptions, type ScatterData, type ScatterPoint } from '../cluster/chart-data.js';
import { layOutChart, renderChartDocument } from './chart-frame.js';
import { selectChartLabels } from './chart-labels.js';
import { drawMarker, LEVEL_ORDER, LEVEL_STYLES } from './chart-style.js';
import { renderLegend } from './legend.js';
import { createTickFormat, formatNumber, formatPercent } from './number-format.js';
import { element, translate } from './svg.js';

export interface ScatterChartOptions extends ChartOptions {
  /** Points drawn at most; more are thinned evenly. @default 5000 */
  maxPoints?: number;
  /** @default 'scatter' */
  idPrefix?: string;
  x?: number;
  y?: number;
}

export { DEFAULT_SCATTER_POINTS };
const MARKER_AREA = 22;

/**
 * Keeps every k-th point (k = ceil(n / max)): deterministic, and it keeps each level's
 * share, so the picture's proportions are the data's.
 */
export function thinPoints<T>(points: readonly T[], maxPoints = DEFAULT_SCATTER_POINTS): T[] {
  if (points.length <= maxPoints) return [...points];
  const step = Math.ceil(points.length / maxPoints);
  return points.filter((_, i) => i % step === 0);
}

export function renderScatterChart(scatter: ScatterData, options: ScatterChartOptions = {}): string {
  const lang = options.lang ?? 'es';
  const labels = selectChartLabels(lang);
  const idPrefix = options.idPrefix ?? 'scatter';
  const frame = layOutChart(options, { width: 680, height: 420 }, { top: 56, right: 190, bottom: 62, left: 78 });
  const { plot } = frame;
  const drawn = thinPoints(scatter.points, options.maxPoints);

  const x = scaleLinear().domain(padExtent(extent(drawn, (p) => p.x))).nice().range([plot.left, plot.right]);
  const y = scaleLinear().domain(padExtent(extent(drawn, (p) => p.y))).nice().range([plot.bottom, plot.top]);
  const markerId = (level: RiskLevel) => `${idPrefix}-marker-${level}`;
  const defs = LEVEL_ORDER.map((level) =>
    element('path', { id: markerId(level), d: drawMarker(LEVEL_STYLES[level].marker, MARKER_AREA), fill: LEVEL_STYLES[level].fill, stroke: LEVEL_STYLES[level].stroke, 'stroke-width': 0.6, 'fill-opacity': 0.8 }),
  );
  // Low first, high last: the rare high-risk markers are drawn on top.
  const layers = [...LEVEL_ORDER].reverse().map((level) =>
    element(
      'g',
      { class: `points level-${level}` },
      drawn.filter((p) => p.level === level).map((p: ScatterPoint) => element('use', { 'xlink:href': `#${markerId(level)}`, x: x(p.x), y: y(p.y) })),
    ),
  );
  const legend = renderLegend(
    LEVEL_ORDER.map((level) => ({
      label: labels.level[level],
      swatch: element('path', { transform: translate(7, 7), d: drawMarker(LEVEL_STYLES[level].marker, 60), fill: LEVEL_STYLES[level].fill, stroke: LEVEL_STYLES[level].stroke }),
    })),
    plot.right + 20,
    plot.top,
  );

  return renderChartDocument(
    {
      frame,
      idPrefix,
      title: labels.scatterTitle,
      subtitle: labels.scatterNote(formatNumber(drawn.length, lang), formatNumber(scatter.total, lang)),
      description: `${labels.scatterTitle}. ${labels.scatterNote(formatNumber(drawn.length, lang), formatNumber(scatter.total, lang))}.`,
      x: options.x,
      y: options.y,
    },
    [
      element('defs', {}, defs),
      renderLinearAxis(y, 'left', { at: plot.left, format: createTickFormat(y.ticks(5), lang), label: labels.scatterAxis(2, formatPercent(scatter.varianceRatio[1], lang)), grid: plot.width }),
      renderLinearAxis(x, 'bottom', { at: plot.bottom, format: createTickFormat(x.ticks(5), lang), label: labels.scatterAxis(1, formatPercent(scatter.varianceRatio[0], lang)), grid: plot.height }),
      element('g', { class: 'plot' }, layers),
      legend,
    ],
  );
}

/** A domain with 4% air on each side (and a unit span around a single value). */
function padExtent([low, high]: [number, number] | [undefined, undefined]): [number, number] {
  if (low === undefined || high === undefined) return [-1, 1];
  const span = high - low || 1;
  return [low - span * 0.04, high + span * 0.04];
}
