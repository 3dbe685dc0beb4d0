// The same chart data as Chart.js-ready `{ labels, datasets }` objects, styled like the SVGs.
import type { ChartData, ChartLang, HistogramData, LevelCount, RadarData, ScatterData } from '../cluster/chart-data.js';
import { nameKpi, selectChartLabels } from './chart-labels.js';
import { colourSeverity, LEVEL_ORDER, LEVEL_STYLES, styleSeries, type MarkerShape } from './chart-style.js';
import { formatNumber } from './number-format.js';
import { nameCluster } from './radar.js';
import { thinPoints } from './scatter.js';

export interface ChartJsDataset {
  label: string;
  data: number[] | { x: number; y: number }[];
  backgroundColor?: string | string[];
  borderColor?: string | string[];
  borderWidth?: number;
  borderDash?: number[];
  pointStyle?: string;
  pointRadius?: number;
}

export interface ChartJsData {
  labels: string[];
  datasets: ChartJsDataset[];
}

export interface ChartJsOptions {
  /** @default 'es' */
  lang?: ChartLang;
}

/** Chart.js names of our marker shapes. */
const POINT_STYLES: Record<MarkerShape, string> = {
  circle: 'circle',
  square: 'rect',
  triangle: 'triangle',
  diamond: 'rectRot',
  cross: 'cross',
  star: 'star',
  wye: 'crossRot',
};

export function convertDistributionToChartJs(distribution: readonly LevelCount[], options: ChartJsOptions = {}): ChartJsData {
  const labels = selectChartLabels(options.lang);
  const countOf = (level: string) => distribution.filter((d) => d.level === level).reduce((s, d) => s + d.count, 0);
  return {
    labels: LEVEL_ORDER.map((level) => labels.level[level]),
    datasets: [
      {
        label: labels.users,
        data: LEVEL_ORDER.map(countOf),
        backgroundColor: LEVEL_ORDER.map((level) => LEVEL_STYLES[level].fill),
        borderColor: LEVEL_ORDER.map((level) => LEVEL_STYLES[level].stroke),
        borderWidth: 1,
      },
    ],
  };
}

/** One dataset per level, thinned like the SVG (at most `maxPoints`, default 5000). */
export function convertScatterToChartJs(scatter: ScatterData, options: ChartJsOptions & { maxPoints?: number } = {}): ChartJsData {
  const labels = selectChartLabels(options.lang);
  const drawn = thinPoints(scatter.points, options.maxPoints);
  return {
    labels: [],
    datasets: LEVEL_ORDER.map((level) => ({
      label: labels.level[level],
      data: drawn.filter((p) => p.level === level).map((p) => ({ x: p.x, y: p.y })),
      backgroundColor: LEVEL_STYLES[level].fill,
      borderColor: LEVEL_STYLES[level].stroke,
      pointStyle: POINT_STYLES[LEVEL_STYLES[level].marker],
      pointRadius: 3,
    })),
  };
}

export function convertRadarToChartJs(radar: RadarData, options: ChartJsOptions = {}): ChartJsData {
  const labels = selectChartLabels(options.lang);
  return {
    labels: radar.kpiNames.map((name) => nameKpi(labels, name)),
    datasets: radar.clusters.map((c, j) => {
      const style = styleSeries(j, radar.clusters.length);
      const name = labels.cluster(nameCluster(c.cluster), formatNumber(c.size, options.lang ?? 'es'));
      return {
        label: c.worst ? `${name}: ${labels.worstProfile}` : name,
        data: [...c.means],
        borderColor: style.stroke,
        backgroundColor: `${style.stroke}22`,
        borderWidth: c.worst ? 3 : 1.5,
        borderDash: style.dash ? style.dash.split(' ').map(Number) : [],
        pointStyle: POINT_STYLES[style.marker],
      };
    }),
  };
}

export function convertHistogramToChartJs(histogram: HistogramData, options: ChartJsOptions = {}): ChartJsData {
  const lang = options.lang ?? 'es';
  const labels = selectChartLabels(lang);
  return {
    labels: histogram.counts.map((_, i) => `${formatNumber(histogram.edges[i], lang)}-${formatNumber(histogram.edges[i + 1], lang)}`),
    datasets: [
      {
        label: labels.users,
        data: [...histogram.counts],
        backgroundColor: histogram.counts.map((_, i) => colourSeverity((histogram.edges[i] + histogram.edges[i + 1]) / 2)),
        borderColor: '#333333',
        borderWidth: 0.5,
      },
    ],
  };
}

export function convertChartDataToChartJs(data: ChartData, options: ChartJsOptions = {}): Record<'distribution' | 'scatter' | 'radar' | 'histogram', ChartJsData> {
  return {
    distribution: convertDistributionToChartJs(data.distribution, options),
    scatter: convertScatterToChartJs(data.scatter, options),
    radar: convertRadarToChartJs(data.radar, options),
    histogram: convertHistogramToChartJs(data.histogram, options),
  };
}
