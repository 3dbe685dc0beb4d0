// Times the risk ensemble's detectors on seeded synthetic 6-d vectors (95% blobs, 5% uniform outliers).
// Usage: node --import tsx bench/cluster-algorithms.ts [--kpi-like] [--no-sklearn] [n ...]   (default 100000; one size per process gives a clean peak RSS)
// With a python3 that imports scikit-learn, its KMeans / DBSCAN / IsolationForest then run on the same vectors (sklearn-compare.ts).

import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { buildChartData, chartSourceOf } from '../src/cluster/build-chart-data.js';
import { renderDashboard } from '../src/charts/dashboard.js';
import { runEnsemble, type EnsembleResult } from '../src/cluster/ensemble.js';
import { serializeEnsembleModel } from '../src/cluster/ensemble-model-json.js';
import { DEFAULT_SAMPLE_SIZE, DEFAULT_TREES } from '../src/cluster/isolation-forest.js';
import { buildKdTree } from '../src/cluster/kd-tree.js';
import { DEFAULT_K } from '../src/cluster/kmeans.js';
import { fitPca, projectPca } from '../src/cluster/pca.js';
import { measureSilhouette } from '../src/cluster/silhouette.js';
import { decideRiskLevel, type VoteRule } from '../src/cluster/vote.js';
import { generateKpiLikeVectors, generateSyntheticVectors } from '../tools/synthetic-vectors.js';
import { compareWithSklearn } from './sklearn-compare.js';
import { writeResult } from './results-file.js';

export interface ClusterBenchOptions {
  /** @default 42 */
  seed?: number;
  /**
   * 'blobs' (default): 95% Gaussian blobs + 5% uniform outliers, the planted-outlier case.
   * 'kpi-like': binary and discrete columns, a quarter of identical inactive users, no planted
   * truth (quality figures are then omitted): the shape that stresses DBSCAN's index.
   */
  shape?: 'blobs' | 'kpi-like';
  /**
   * After our run (and its peak RSS) is measured, run scikit-learn on the same vectors when a
   * python3 with sklearn is there; the result says why when it is not. @default false
   */
  sklearn?: boolean;
}

interface Detection {
  flagged: number;
  recall: number;
  precision: number;
}

export function measureClusterAlgorithms(n: number, options: ClusterBenchOptions = {}) {
  const seed = options.seed ?? 42;
  const loadBefore = loadavg();
  let t = performance.now();
  const seconds = () => {
    const now = performance.now();
    const s = (now - t) / 1000;
    t = now;
    return round(s, 3);
  };
  const shape = options.shape ?? 'blobs';
  const { data, d, isOutlier } = shape === 'blobs' ? generateSyntheticVectors(n, { seed }) : generateKpiLikeVectors(n, { seed });
  const generate = seconds();
  const result = runEnsemble(data, n, d, { seed });
  seconds();
  const silhouette = measureSilhouette(data, n, d, result.kmeansLabel, { seed });
  const silhouetteSeconds = seconds();
  const pca = fitPca(data, n, d);
  projectPca(pca, data, n);
  const pcaSeconds = seconds();
  const modelJson = JSON.stringify(serializeEnsembleModel(result.model));
  const serializeSeconds = seconds();
  const dashboard = renderDashboard(buildChartData(chartSourceOf(data, result)));
  const chartSeconds = seconds();
  const planted = shape === 'blobs';
  const peakRssMegabytes = Math.round(process.resourceUsage().maxRSS / 1024);

  return {
    n,
    d,
    seed,
    shape,
    node: process.version,
    seconds: {
      generate,
      kmeans: round(result.timings.kmeans / 1000, 3),
      eps: round(result.timings.eps / 1000, 3),
      dbscan: round(result.timings.dbscan / 1000, 3),
      forest: round(result.timings.forest / 1000, 3),
      vote: round(result.timings.vote / 1000, 3),
      ensembleTotal: round(result.timings.total / 1000, 3),
      silhouette: silhouetteSeconds,
      pca: pcaSeconds,
      serializeModel: serializeSeconds,
      chartDataAndDashboard: chartSeconds,
    },
    peakRssMegabytes,
    /** 1-minute load average before and after our run: other work on the 2 cores shows here. */
    load1: { before: round(loadBefore[0], 2), after: round(loadavg()[0], 2) },
    eps: result.eps,
    dbscanClusters: result.dbscanClusters,
    kmeansSilhouette: silhouette,
    pcaVarianceRatio: pca.varianceRatio.map((r) => round(r, 4)),
    modelJsonMegabytes: round(modelJson.length / 1e6, 1),
    dashboardKilobytes: Math.round(dashboard.length / 1e3),
    levelCounts: result.levelCounts,
    plantedOutliers: planted ? isOutlier.reduce((s, x) => s + x, 0) : null,
    detectors: !planted ? null : {
      kmeansWorstCluster: detect(n, isOutlier, (i) => result.kmeansLabel[i] === result.model.kmeans.worstCluster),
      dbscanNoise: detect(n, isOutlier, (i) => result.dbscanLabel[i] < 0),
      forestAboveThreshold: detect(n, isOutlier, (i) => result.forestScore[i] > result.model.forestCalibration.threshold),
    },
    highLevel: !planted ? null : {
      majority: detect(n, isOutlier, (i) => levelUnder(result, i, 'majority') === 'high'),
      anyStrong: detect(n, isOutlier, (i) => levelUnder(result, i, 'any-strong') === 'high'),
    },
    sklearn: options.sklearn ? compareSklearn(data, n, d, seed, result) : null,
  };
}

/** ml-kmeans as src/cluster/kmeans.ts calls it: maxIterations 100, ml-kmeans' default tolerance 1e-6. */
const KMEANS_MAX_ITERATIONS = 100;
const KMEANS_TOLERANCE = 1e-6;

/**
 * Our DBSCAN seconds for the comparison are the k-d tree build (timed again here: the run
 * times it inside 'eps') plus 'dbscan'; sklearn's DBSCAN builds its own tree but is given eps.
 */
function compareSklearn(data: Float64Array, n: number, d: number, seed: number, result: EnsembleResult) {
  const t = performance.now();
  buildKdTree(data, n, d);
  const treeSeconds = round((performance.now() - t) / 1000, 3);
  const comparison = compareWithSklearn({
    data,
    n,
    d,
    seed,
    k: DEFAULT_K,
    kmeansMaxIterations: KMEANS_MAX_ITERATIONS,
    kmeansTolerance: KMEANS_TOLERANCE,
    eps: result.eps.eps,
    minPts: result.eps.minPts,
    trees: DEFAULT_TREES,
    sampleSize: DEFAULT_SAMPLE_SIZE,
    contamination: result.model.forestCalibration.contamination,
    kmeansLabel: result.kmeansLabel,
    kmeansDistance: result.kmeansDistance,
    dbscanLabel: result.dbscanLabel,
    forestScore: result.forestScore,
    forestThreshold: result.model.forestCalibration.threshold,
    oursSeconds: {
      kmeans: round(result.timings.kmeans / 1000, 3),
      dbscan: round(treeSeconds + result.timings.dbscan / 1000, 3),
      forest: round(result.timings.forest / 1000, 3),
    },
  });
  return { oursKdTreeSeconds: treeSeconds, ...comparison, load1After: round(loadavg()[0], 2) };
}

function levelUnder(result: EnsembleResult, i: number, rule: VoteRule) {
  const votes = {
    kmeans: result.kmeansLabel[i] === result.model.kmeans.worstCluster,
    dbscan: result.dbscanLabel[i] < 0,
    forest: result.forestScore[i] > result.model.forestCalibration.threshold,
  };
  return decideRiskLevel(votes, rule);
}

/** Recall and precision of a flag against the planted outliers. */
function detect(n: number, isOutlier: Uint8Array, flag: (i: number) => boolean): Detection {
  let flagged = 0;
  let hits = 0;
  let outliers = 0;
  for (let i = 0; i < n; i++) {
    outliers += isOutlier[i];
    if (flag(i)) {
      flagged++;
      hits += isOutlier[i];
    }
  }
  return { flagged, recall: round(hits / outliers, 4), precision: round(flagged ? hits / flagged : 0, 4) };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function runFromCommandLine(): void {
  const args = process.argv.slice(2);
  const shape = args.includes('--kpi-like') ? 'kpi-like' : 'blobs';
  const sklearn = !args.includes('--no-sklearn');
  const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
  for (const n of sizes.length > 0 ? sizes : [100_000]) {
    if (!Number.isInteger(n) || n < 10) throw new RangeError(`not a size: ${n}`);
    const report = measureClusterAlgorithms(n, { shape, sklearn });
    if (report.sklearn?.skipped) console.error(`scikit-learn comparison skipped: ${report.sklearn.skipped}`);
    writeResult(`cluster-algorithms-${shape === 'blobs' ? '' : `${shape}-`}${n}.json`, report);
    console.log(JSON.stringify(report, null, 2));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) runFromCommandLine();
