// Radar of the mean KPI profile of each K-Means cluster, one polygon per cluster (SPEC §6 radar.svg).
import { range } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { curveLinearClosed, lineRadial } from 'd3-shape';
import type { ChartOptions, RadarData } from '../cluster/chart-data.js';
import { layOutChart, renderChartDocument } from './chart-frame.js';
import { nameKpi, selectChartLabels } from './chart-labels.js';
import { drawMarker, styleSeries } from './chart-style.js';
import { renderLegend } from './legend.js';
import { createTickFormat, formatNumber } from './number-format.js';
import { element, text, translate } from './svg.js';

export interface RadarChartOptions extends ChartOptions {
  /** @default 'radar' */
  idPrefix?: string;
  x?: number;
  y?: number;
}

/** Clusters are shown 1-based ("Cluster 1" is K-Means label 0), here and in chartjs.ts. */
export function nameCluster(cluster: number): number {
  return cluster + 1;
}

export function renderRadarChart(radar: RadarData, options: RadarChartOptions = {}): string {
  const lang = options.lang ?? 'es';
  const labels = selectChartLabels(lang);
  const idPrefix = options.idPrefix ?? 'radar';
  const frame = layOutChart(options, { width: 680, height: 420 }, { top: 64, right: 220, bottom: 36, left: 130 });
  const { plot } = frame;
  const spokes = radar.kpiNames.length;
  const radius = Math.max(10, Math.min(plot.width, plot.height) / 2 - 22);
  const cx = plot.left + plot.width / 2;
  const cy = plot.top + plot.height / 2;
  const r = scaleLinear().domain([0, 1]).range([0, radius]);
  const angleOf = (i: number) => (i * 2 * Math.PI) / spokes;
  const ring = lineRadial<number>()
    .angle((_, i) => angleOf(i))
    .radius((v) => r(v))
    .curve(curveLinearClosed)
    .digits(2);
  const ticks = r.ticks(5).filter((t) => t > 0);
  const tickFormat = createTickFormat(r.ticks(5), lang);

  const grid = [
    ...ticks.map((t) => element('path', { d: ring(range(spokes).map(() => t)) ?? '', fill: 'none', stroke: '#d0d0d0' })),
    ...range(spokes).map((i) => element('line', { x1: 0, y1: 0, x2: Math.sin(angleOf(i)) * radius, y2: -Math.cos(angleOf(i)) * radius, stroke: '#b0b0b0' })),
    // Ring values along the bisector of the first two spokes, clear of the KPI names.
    ...ticks.map((t) => element('text', { x: Math.sin(angleOf(0.5)) * r(t) + 2, y: -Math.cos(angleOf(0.5)) * r(t), dy: '-0.2em', 'font-size': 9, fill: '#555555' }, text(tickFormat(t)))),
    ...radar.kpiNames.map((name, i) => {
      const a = angleOf(i);
      const sin = Math.sin(a);
      const anchor = Math.abs(sin) < 0.1 ? 'middle' : sin > 0 ? 'start' : 'end';
      return element('text', { x: sin * (radius + 10), y: -Math.cos(a) * (radius + 10), dy: '0.32em', 'text-anchor': anchor, 'font-size': 11, fill: '#222222' }, text(nameKpi(labels, name)));
    }),
  ];

  const count = radar.clusters.length;
  const series = radar.clusters.map((c, j) => {
    const style = styleSeries(j, count);
    const vertices = c.means.map((v, i) =>
      element('path', { transform: translate(Math.sin(angleOf(i)) * r(v), -Math.cos(angleOf(i)) * r(v)), d: drawMarker(style.marker, 30), fill: style.stroke }),
    );
    return element('g', { class: `cluster cluster-${nameCluster(c.cluster)}` }, [
      element('path', { d: ring(c.means) ?? '', fill: style.stroke, 'fill-opacity': 0.08, stroke: style.stroke, 'stroke-width': c.worst ? 3 : 1.6, 'stroke-dasharray': style.dash }),
      ...vertices,
    ]);
  });

  const legendItems = radar.clusters.map((c, j) => {
    const style = styleSeries(j, count);
    const name = labels.cluster(nameCluster(c.cluster), formatNumber(c.size, lang));
    return {
      label: c.worst ? `${name}: ${labels.worstProfile}` : name,
      swatch: element('g', {}, [
        element('line', { x1: 0, x2: 14, y1: 7, y2: 7, stroke: style.stroke, 'stroke-width': c.worst ? 3 : 1.6, 'stroke-dasharray': style.dash }),
        element('path', { transform: translate(7, 7), d: drawMarker(style.marker, 30), fill: style.stroke }),
      ]),
    };
  });

  return renderChartDocument(
    {
      frame,
      idPrefix,
      title: labels.radarTitle,
      subtitle: labels.radarScale,
      description: `${labels.radarTitle}. ${legendItems.map((item) => item.label).join('; ')}.`,
      x: options.x,
      y: options.y,
    },
    [
      element('g', { class: 'radar-grid', transform: translate(cx, cy) }, grid),
      element('g', { class: 'radar-series', transform: translate(cx, cy) }, series),
      renderLegend(legendItems, plot.right + 16, plot.top),
    ],
  );
}
