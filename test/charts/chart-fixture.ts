// A tiny hand-made ChartData shared by the chart tests.
import type { ChartData } from '../../src/cluster/chart-data.js';
import { KPI_COLUMNS } from '../../src/model/feature-vector.js';

export const CHART_DATA: ChartData = {
  distribution: [
    { level: 'high', count: 12 },
    { level: 'moderate', count: 30 },
    { level: 'low', count: 1958 },
  ],
  scatter: {
    points: [
      { x: -1.2, y: 0.3, level: 'low' },
      { x: -1, y: 0.1, level: 'low' },
      { x: 0.2, y: -0.4, level: 'moderate' },
      { x: 2.5, y: 1.9, level: 'high' },
      { x: 0, y: 0, level: 'low' },
    ],
    total: 2000,
    varianceRatio: [0.441, 0.242],
  },
  radar: {
    kpiNames: [...KPI_COLUMNS],
    clusters: [
      { cluster: 0, size: 1200, means: [0.2, 0.1, 0.05, 0, 0.1, 0.7], worst: false },
      { cluster: 1, size: 600, means: [0.3, 0.2, 0.1, 1, 0.2, 0.5], worst: false },
      { cluster: 2, size: 200, means: [0.8, 0.7, 0.6, 1, 0.7, 0.1], worst: true },
    ],
  },
  histogram: { edges: [0, 20, 40, 60, 80, 100], counts: [1500, 400, 50, 30, 20] },
};

/** SVG output must never leak a NaN, an undefined or an unescaped ampersand-less entity. */
export function assertCleanSvg(svg: string): void {
  for (const bad of ['NaN', 'undefined', 'Infinity', '[object Object]']) {
    if (svg.includes(bad)) throw new Error(`SVG contains ${bad}`);
  }
}
