// Histogram of the Anomaly Severity Index, 0-100 (SPEC §6 severity-histogram.svg).
import { max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { renderLinearAxis } from './axis.js';
import type { ChartOptions, HistogramData } from '../cluster/chart-data.js';
import { layOutChart, renderChartDocument } from './chart-frame.js';
import { selectChartLabels } from './chart-labels.js';
import { colourSeverity } from './chart-style.js';
import { createTickFormat, formatNumber } from './number-format.js';
import { element, text } from './svg.js';

export interface SeverityHistogramOptions extends ChartOptions {
  /** @default 'severity' */
  idPrefix?: string;
  x?: number;
  y?: number;
}

export function renderSeverityHistogram(histogram: HistogramData, options: SeverityHistogramOptions = {}): string {
  const lang = options.lang ?? 'es';
  const labels = selectChartLabels(lang);
  const idPrefix = options.idPrefix ?? 'severity';
  const frame = layOutChart(options, { width: 680, height: 420 }, { top: 56, right: 40, bottom: 62, left: 78 });
  const { plot } = frame;
  const total = histogram.counts.reduce((s, c) => s + c, 0);
  const x = scaleLinear().domain([0, 100]).range([plot.left, plot.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(histogram.counts) ?? 0)])
    .nice()
    .range([plot.bottom, plot.top]);

  const bars = histogram.counts.map((count, i) => {
    const low = histogram.edges[i];
    const high = histogram.edges[i + 1];
    return element('rect', { x: x(low) + 0.5, y: y(count), width: Math.max(0, x(high) - x(low) - 1), height: plot.bottom - y(count), fill: colourSeverity((low + high) / 2), stroke: '#333333', 'stroke-width': 0.5 }, [
      element('title', {}, text(`ASI ${formatNumber(low, lang)}-${formatNumber(high, lang)}: ${formatNumber(count, lang)}`)),
    ]);
  });

  return renderChartDocument(
    {
      frame,
      idPrefix,
      title: labels.histogramTitle,
      subtitle: `${labels.users}: ${formatNumber(total, lang)}`,
      description: `${labels.histogramTitle}. ${histogram.counts.map((c, i) => `${formatNumber(histogram.edges[i], lang)}-${formatNumber(histogram.edges[i + 1], lang)}: ${formatNumber(c, lang)}`).join('; ')}.`,
      x: options.x,
      y: options.y,
    },
    [
      renderLinearAxis(y, 'left', { at: plot.left, format: createTickFormat(y.ticks(5), lang), label: labels.histogramAxisY, grid: plot.width }),
      element('g', { class: 'bars' }, bars),
      renderLinearAxis(x, 'bottom', { at: plot.bottom, ticks: 10, format: createTickFormat(x.ticks(10), lang), label: labels.histogramAxisX }),
    ],
  );
}
