// The plain data behind every chart: what the SVG renderers, the Chart.js converters and a server all consume.
import type { RiskLevel } from '../model/feature-vector.js';

export type ChartLang = 'es' | 'en';

/** Scatter points a cluster run stores (and the SVG draws) at most; more are thinned evenly. */
export const DEFAULT_SCATTER_POINTS = 5000;

export interface LevelCount {
  level: RiskLevel;
  count: number;
}

export interface ScatterPoint {
  x: number;
  y: number;
  level: RiskLevel;
}

export interface ScatterData {
  /** PCA coordinates of (a deterministic sample of) the users. */
  points: ScatterPoint[];
  /** Users before sampling. */
  total: number;
  /** Share of variance along PC1 and PC2, in [0,1]. */
  varianceRatio: [number, number];
}

export interface RadarCluster {
  /** K-Means cluster index. */
  cluster: number;
  /** Users in the cluster. */
  size: number;
  /** Mean of each KPI (kpiNames order), in [0,1]. */
  means: number[];
  /** The cluster whose members get the K-Means vote. */
  worst: boolean;
}

export interface RadarData {
  /** KPI column names (KPI_COLUMNS), translated for display by the renderers. */
  kpiNames: string[];
  clusters: RadarCluster[];
}

export interface HistogramData {
  /** bins + 1 increasing edges over 0-100; bin i is [edges[i], edges[i+1]), the last one closed. */
  edges: number[];
  counts: number[];
}

export interface ChartData {
  distribution: LevelCount[];
  scatter: ScatterData;
  radar: RadarData;
  histogram: HistogramData;
}

/** Options every renderer accepts. */
export interface ChartOptions {
  /** Label language. @default 'es' */
  lang?: ChartLang;
  /** @default per chart, e.g. 640 */
  width?: number;
  /** @default per chart, e.g. 420 */
  height?: number;
}
