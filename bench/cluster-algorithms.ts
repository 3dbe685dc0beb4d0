// Times the risk ensemble's detectors on seeded synthetic 6-d vectors (95% blobs, 5% uniform outliers).
// Usage: node --import tsx bench/cluster-algorithms.ts [--kpi-like] [n ...]   (default 100000; one size per process gives a clean peak RSS)

import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildChartData, chartSourceOf } from '../src/charts/build-chart-data.js';
import { renderDashboard } from '../src/charts/dashboard.js';
import { runEnsemble, type EnsembleResult } from '../src/cluster/ensemble.js';
import { serializeEnsembleModel } from '../src/cluster/ensemble-model-json.js';
import { fitPca, projectPca } from '../src/cluster/pca.js';
import { measureSilhouette } from '../src/cluster/silhouette.js';
import { decideRiskLevel, type VoteRule } from '../src/cluster/vote.js';
import { generateKpiLikeVectors, generateSyntheticVectors } from '../test/cluster/synthetic-vectors.js';

export interface ClusterBenchOptions {
  /** @default 42 */
  seed?: number;
  /**
   * 'blobs' (default): 95% Gaussian blobs + 5% uniform outliers, the planted-outlier case.
   * 'kpi-like': binary and discrete columns, a quarter of identical inactive users, no planted
   * truth (quality figures are then omitted): the shape that stresses DBSCAN's index.
   */
  shape?: 'blobs' | 'kpi-like';
}

interface Detection {
  flagged: number;
  recall: number;
  precision: number;
}

export function measureClusterAlgorithms(n: number, options: ClusterBenchOptions = {}) {
  const seed = options.seed ?? 42;
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
    peakRssMegabytes: Math.round(process.resourceUsage().maxRSS / 1024),
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
  };
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

/** bench/results under the repository root, whether run from source (tsx) or from dist/. */
function resolveResultsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'bench', 'results');
}

function runFromCommandLine(): void {
  const args = process.argv.slice(2);
  const shape = args.includes('--kpi-like') ? 'kpi-like' : 'blobs';
  const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
  const dir = resolveResultsDir();
  mkdirSync(dir, { recursive: true });
  for (const n of sizes.length > 0 ? sizes : [100_000]) {
    if (!Number.isInteger(n) || n < 10) throw new RangeError(`not a size: ${n}`);
    const json = JSON.stringify(measureClusterAlgorithms(n, { shape }), null, 2);
    writeFileSync(join(dir, `cluster-algorithms-${shape === 'blobs' ? '' : `${shape}-`}${n}.json`), `${json}\n`);
    console.log(json);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) runFromCommandLine();
