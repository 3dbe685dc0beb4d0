// Bar chart of users per risk level (SPEC §6 distribution.svg).
import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import type { RiskLevel } from '../model/feature-vector.js';
import { renderBandAxis, renderLinearAxis } from './axis.js';
import type { ChartOptions, LevelCount } from '../cluster/chart-data.js';
import { layOutChart, renderChartDocument } from './chart-frame.js';
import { selectChartLabels } from './chart-labels.js';
import { LEVEL_ORDER, LEVEL_STYLES, patternId, renderLevelPatterns } from './chart-style.js';
import { renderLegend } from './legend.js';
import { createTickFormat, formatNumber, formatPercent } from './number-format.js';
import { element, text } from './svg.js';

export interface DistributionChartOptions extends ChartOptions {
  /** @default 'distribution' */
  idPrefix?: string;
  x?: number;
  y?: number;
}

export function renderDistributionChart(distribution: readonly LevelCount[], options: DistributionChartOptions = {}): string {
  const lang = options.lang ?? 'es';
  const labels = selectChartLabels(lang);
  const idPrefix = options.idPrefix ?? 'distribution';
  const frame = layOutChart(options, { width: 680, height: 420 }, { top: 56, right: 190, bottom: 62, left: 78 });
  const { plot } = frame;
  const countOf = (level: RiskLevel) => distribution.filter((d) => d.level === level).reduce((s, d) => s + d.count, 0);
  const total = LEVEL_ORDER.reduce((s, level) => s + countOf(level), 0);

  const x = scaleBand<string>().domain(LEVEL_ORDER).range([plot.left, plot.right]).padding(0.3);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(LEVEL_ORDER, countOf) ?? 0)])
    .nice()
    .range([plot.bottom, plot.top]);
  const yTicks = y.ticks(5);

  const bars = LEVEL_ORDER.map((level) => {
    const count = countOf(level);
    const left = x(level) ?? 0;
    return element('g', { class: `bar level-${level}` }, [
      element('rect', { x: left, y: y(count), width: x.bandwidth(), height: plot.bottom - y(count), fill: `url(#${patternId(idPrefix, level)})`, stroke: LEVEL_STYLES[level].stroke, 'stroke-width': 1 }, [
        element('title', {}, text(`${labels.level[level]}: ${formatNumber(count, lang)}`)),
      ]),
      element('text', { x: left + x.bandwidth() / 2, y: y(count) - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#222222' }, text(`${formatNumber(count, lang)} (${formatPercent(total > 0 ? count / total : 0, lang)})`)),
    ]);
  });

  const legend = renderLegend(
    LEVEL_ORDER.map((level) => ({
      label: labels.level[level],
      swatch: element('rect', { width: 14, height: 14, fill: `url(#${patternId(idPrefix, level)})`, stroke: LEVEL_STYLES[level].stroke }),
    })),
    plot.right + 20,
    plot.top,
  );

  return renderChartDocument(
    {
      frame,
      idPrefix,
      title: labels.distributionTitle,
      subtitle: `${labels.users}: ${formatNumber(total, lang)}`,
      description: `${labels.distributionTitle}. ${LEVEL_ORDER.map((level) => `${labels.level[level]}: ${formatNumber(countOf(level), lang)}`).join('; ')}.`,
      x: options.x,
      y: options.y,
    },
    [
      element('defs', {}, renderLevelPatterns(idPrefix)),
      renderLinearAxis(y, 'left', { at: plot.left, format: createTickFormat(yTicks, lang), label: labels.distributionAxisY, grid: plot.width }),
      element('g', { class: 'bars' }, bars),
      renderBandAxis(x, { at: plot.bottom, label: labels.distributionAxisX, labelOf: (level) => labels.level[level as RiskLevel] }),
      legend,
    ],
  );
}
