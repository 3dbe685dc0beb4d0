// Builds the plain chart data from vectors and ensemble output (no DB): distribution, PCA scatter, radar, ASI histogram.
import { RISK_LEVELS, type RiskLevel } from '../model/feature-vector.js';
import { fitPca, projectPca } from './pca.js';
import { DEFAULT_SCATTER_POINTS, type ChartData, type HistogramData, type LevelCount, type RadarData, type ScatterData } from './chart-data.js';

/** What the charts need from a run; EnsembleResult provides all of it (see chartSourceOf). */
export interface ChartSource {
  /** n x d vectors, KPI columns in kpiNames order. */
  data: Float64Array;
  n: number;
  d: number;
  kpiNames: readonly string[];
  level: readonly RiskLevel[];
  kmeansLabel: Int32Array;
  k: number;
  worstCluster: number;
  asi: Float64Array;
}

export interface BuildChartDataOptions {
  /** Scatter points kept (every ceil(n / max)-th user). @default 5000 */
  maxScatterPoints?: number;
  /** Equal-width ASI bins over 0-100. @default 20 */
  histogramBins?: number;
}

export function chartSourceOf(
  data: Float64Array,
  result: { n: number; level: readonly RiskLevel[]; kmeansLabel: Int32Array; asi: Float64Array; model: { d: number; kpiColumns: readonly string[]; kmeans: { k: number; worstCluster: number } } },
): ChartSource {
  const { model } = result;
  return { data, n: result.n, d: model.d, kpiNames: model.kpiColumns, level: result.level, kmeansLabel: result.kmeansLabel, k: model.kmeans.k, worstCluster: model.kmeans.worstCluster, asi: result.asi };
}

export function buildChartData(source: ChartSource, options: BuildChartDataOptions = {}): ChartData {
  return {
    distribution: countLevels(source.level),
    scatter: buildScatter(source, options.maxScatterPoints ?? DEFAULT_SCATTER_POINTS),
    radar: buildRadar(source),
    histogram: binSeverity(source.asi, options.histogramBins ?? 20),
  };
}

export function countLevels(levels: readonly RiskLevel[]): LevelCount[] {
  const counts: Record<RiskLevel, number> = { high: 0, moderate: 0, low: 0 };
  for (const level of levels) counts[level]++;
  return RISK_LEVELS.map((level) => ({ level, count: counts[level] }));
}

/** PCA is fitted on every vector; only the kept users are projected. */
function buildScatter(source: ChartSource, maxPoints: number): ScatterData {
  const { data, n, d } = source;
  const pca = fitPca(data, n, d, 2);
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const kept = Math.ceil(n / step);
  const rows = new Float64Array(kept * d);
  for (let j = 0; j < kept; j++) rows.set(data.subarray(j * step * d, j * step * d + d), j * d);
  const xy = projectPca(pca, rows, kept);
  return {
    points: Array.from({ length: kept }, (_, j) => ({ x: xy[2 * j], y: xy[2 * j + 1], level: source.level[j * step] })),
    total: n,
    varianceRatio: [pca.varianceRatio[0] ?? 0, pca.varianceRatio[1] ?? 0],
  };
}

function buildRadar(source: ChartSource): RadarData {
  const { data, n, d, k } = source;
  const sums = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = source.kmeansLabel[i];
    sizes[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += data[i * d + j];
  }
  return {
    kpiNames: [...source.kpiNames],
    clusters: Array.from({ length: k }, (_, c) => ({
      cluster: c,
      size: sizes[c],
      means: Array.from({ length: d }, (_, j) => (sizes[c] > 0 ? sums[c * d + j] / sizes[c] : 0)),
      worst: c === source.worstCluster,
    })),
  };
}

/** Bin i holds [100 i / bins, 100 (i + 1) / bins); 100 itself falls in the last bin. */
export function binSeverity(asi: Float64Array, bins: number): HistogramData {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < asi.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor((asi[i] * bins) / 100)))]++;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => (100 * i) / bins), counts };
}
