// The risk ensemble of SPEC §5: K-Means + DBSCAN + Isolation Forest vote on every vector.
import type { RiskLevel } from '../model/feature-vector.js';
import { kpiColumns, riskDirections } from '../model/kpi-columns.js';
import { KPIS, type KpiRegistry } from '../model/kpis.js';
import { chooseEps, chooseMinPts, type EpsChoice } from './choose-eps.js';
import { runDbscan } from './dbscan.js';
import { extractDbscanModel, labelDbscanVector } from './dbscan-model.js';
import type { EnsembleModel, PointVerdict } from './ensemble-model.js';
import { ENSEMBLE_MODEL_VERSION } from './ensemble-model.js';
import { calibrateForest, DEFAULT_CONTAMINATION } from './forest-calibration.js';
import { fitIsolationForest, scoreIsolationForest, scoreIsolationForestVector } from './isolation-forest.js';
import { judgePoint } from './judge-point.js';
import { buildKdTree } from './kd-tree.js';
import { assignNearestCentroid, DEFAULT_K, fitKMeans } from './kmeans.js';
import { fitRiskSignals } from './risk-signals.js';
import { DEFAULT_VOTE_RULE, type VoteRule } from './vote.js';
import { findWorstCluster } from './worst-cluster.js';

export interface EnsembleOptions {
  /** Run seed; K-Means uses it as is, the eps sample seed + 1, the forest seed + 2. */
  seed: number;
  /** K-Means clusters. @default 4 */
  k?: number;
  /** DBSCAN radius; chosen from the k-distance knee when absent (choose-eps.ts). */
  eps?: number;
  /** DBSCAN minPts. @default 2 * d */
  minPts?: number;
  /** Isolation Forest share of voting points. @default 0.05 */
  contamination?: number;
  /** @default 'broad' */
  voteRule?: VoteRule;
  /** Risk signals a majority verdict needs to be high under 'broad'. @default half the KPIs, 3 */
  minSignals?: number;
  /** Isolation Forest trees. @default 100 */
  trees?: number;
  /** The KPIs the vectors' columns are (their order, risk directions). @default KPIS */
  kpis?: KpiRegistry;
}

/** Per-detector wall times, milliseconds. */
export interface EnsembleTimings {
  kmeans: number;
  eps: number;
  dbscan: number;
  forest: number;
  vote: number;
  total: number;
}

/** Per point, parallel typed arrays (never one object per point). */
export interface EnsembleResult {
  n: number;
  model: EnsembleModel;
  kmeansLabel: Int32Array;
  kmeansDistance: Float64Array;
  dbscanLabel: Int32Array;
  forestScore: Float64Array;
  votes: Uint8Array;
  /** KPIs beyond their fence on the risk side (risk-signals.ts), whatever the vote rule. */
  riskSignals: Uint8Array;
  level: RiskLevel[];
  asi: Float64Array;
  /** Severity 0-100 (risk-severity.ts). */
  severity: Float64Array;
  /** Reasons per point, in the vector's units (risk-reasons.ts). */
  reasons: PointVerdict['reasons'][];
  eps: EpsChoice | { eps: number; minPts: number; method: 'given' };
  dbscanClusters: number;
  levelCounts: Record<RiskLevel, number>;
  timings: EnsembleTimings;
}

export function runEnsemble(data: Float64Array, n: number, d: number, options: EnsembleOptions): EnsembleResult {
  const kpis = options.kpis ?? KPIS;
  const columns = kpiColumns(kpis);
  const directions = riskDirections(kpis);
  checkVectors(data, n, d, columns);
  const started = performance.now();
  let lap = started;
  const clock = () => {
    const now = performance.now();
    const ms = now - lap;
    lap = now;
    return ms;
  };

  const kmeansFit = fitKMeans(data, n, d, { k: options.k ?? DEFAULT_K, seed: options.seed });
  const kmeansMs = clock();

  const tree = buildKdTree(data, n, d);
  const minPts = options.minPts ?? chooseMinPts(d);
  const eps = options.eps !== undefined ? { eps: options.eps, minPts, method: 'given' as const } : chooseEps(data, n, d, { minPts, seed: options.seed + 1 }, tree);
  const epsMs = clock();
  const dbscan = runDbscan(data, n, d, { eps: eps.eps, minPts }, tree);
  const dbscanMs = clock();

  const forest = fitIsolationForest(data, n, d, { seed: options.seed + 2, trees: options.trees });
  const forestScore = scoreIsolationForest(forest, data, n);
  const forestMs = clock();

  const model: EnsembleModel = {
    version: ENSEMBLE_MODEL_VERSION,
    kpiColumns: [...columns],
    d,
    seed: options.seed,
    voteRule: options.voteRule ?? DEFAULT_VOTE_RULE,
    kmeans: {
      k: kmeansFit.k,
      centroids: kmeansFit.centroids,
      worstCluster: findWorstCluster(kmeansFit.centroids, kmeansFit.k, d, directions),
      maxDistance: kmeansFit.distances.reduce((max, x) => (x > max ? x : max), 0),
    },
    dbscan: extractDbscanModel(data, d, dbscan, eps.eps, minPts),
    forest,
    forestCalibration: calibrateForest(forestScore, options.contamination ?? DEFAULT_CONTAMINATION),
    riskSignals: fitRiskSignals(data, n, d, forestScore, options.minSignals, directions),
  };
  const votes = new Uint8Array(n);
  const riskSignals = new Uint8Array(n);
  const level = new Array<RiskLevel>(n);
  const asi = new Float64Array(n);
  const severity = new Float64Array(n);
  const reasons = new Array<PointVerdict['reasons']>(n);
  const levelCounts: Record<RiskLevel, number> = { high: 0, moderate: 0, low: 0 };
  for (let i = 0; i < n; i++) {
    const verdict = judgePoint(model, kmeansFit.labels[i], kmeansFit.distances[i], dbscan.labels[i], forestScore[i], data, i * d);
    votes[i] = verdict.votes;
    riskSignals[i] = verdict.riskSignals;
    level[i] = verdict.level;
    asi[i] = verdict.asi;
    severity[i] = verdict.severity;
    reasons[i] = verdict.reasons;
    levelCounts[verdict.level]++;
  }
  const voteMs = clock();

  return {
    n,
    model,
    kmeansLabel: kmeansFit.labels,
    kmeansDistance: kmeansFit.distances,
    dbscanLabel: dbscan.labels,
    forestScore,
    votes,
    riskSignals,
    level,
    asi,
    severity,
    reasons,
    eps,
    dbscanClusters: dbscan.clusterCount,
    levelCounts,
    timings: { kmeans: kmeansMs, eps: epsMs, dbscan: dbscanMs, forest: forestMs, vote: voteMs, total: performance.now() - started },
  };
}

/** Judges one vector (the model's kpiColumns order) with a fitted model: for a training vector, its training verdict. */
export function scoreVector(model: EnsembleModel, vector: Float64Array): PointVerdict {
  checkVectors(vector, 1, model.d, model.kpiColumns);
  const nearest = assignNearestCentroid(model.kmeans.centroids, model.kmeans.k, model.d, vector);
  return judgePoint(model, nearest.label, nearest.distance, labelDbscanVector(model.dbscan, vector), scoreIsolationForestVector(model.forest, vector), vector);
}

/** Refuses a wrong shape or a non-finite value up front, naming the row: NaN would silently poison every detector. */
function checkVectors(data: Float64Array, n: number, d: number, columns: readonly string[]): void {
  if (d !== columns.length) throw new RangeError(`the ensemble expects ${columns.length} KPI columns, got d=${d}`);
  if (data.length !== n * d) throw new RangeError(`expected ${n} x ${d} = ${n * d} values, got ${data.length}`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`row ${Math.floor(i / d)}, column ${columns[i % d]}: not a finite number (${data[i]})`);
  }
}
