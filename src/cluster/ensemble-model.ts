// The fitted risk ensemble: everything needed to judge one vector later without refitting.
import type { RiskLevel } from '../model/feature-vector.js';
import type { DbscanModel } from './dbscan-model.js';
import type { ForestCalibration } from './forest-calibration.js';
import type { IsolationForestModel } from './isolation-forest.js';
import type { RiskReason } from './risk-reasons.js';
import type { RiskSignalModel } from './risk-signals.js';
import type { VoteRule } from './vote.js';

export interface KMeansModel {
  k: number;
  /** k x d, row-major. */
  centroids: Float64Array;
  /** The cluster that votes (worst-cluster.ts). */
  worstCluster: number;
  /** Largest training distance to an own centroid: the ASI's centroid-distance scale. */
  maxDistance: number;
}

export interface EnsembleModel {
  /**
   * Bumped when the meaning of a stored model changes (2: risk fences with severity spreads, always present;
   * 3: the spreads are the normal half's robust spread, issue 15; 4: the severity's near-fence part and the normal
   * spreads it is measured in).
   */
  version: 4;
  /** Column order the model was fitted on (KPI_COLUMNS at fit time). */
  kpiColumns: readonly string[];
  d: number;
  seed: number;
  voteRule: VoteRule;
  kmeans: KMeansModel;
  dbscan: DbscanModel;
  forest: IsolationForestModel;
  forestCalibration: ForestCalibration;
  /** Fences and spreads of the risk signals and the severity (risk-severity.ts). */
  riskSignals: RiskSignalModel;
}

/** The ensemble's verdict on one vector. */
export interface PointVerdict {
  kmeansLabel: number;
  kmeansDistance: number;
  /** -1 for noise. */
  dbscanLabel: number;
  forestScore: number;
  /** 1 = most normal (forest-calibration.ts). */
  forestNormality: number;
  /** 0..3 */
  votes: number;
  /** KPIs beyond their fence on the risk side (risk-signals.ts). */
  riskSignals: number;
  level: RiskLevel;
  /** Anomaly Severity Index, 0-100 (SPEC §5, the seed's): how unusual the point is to the detectors. */
  asi: number;
  /** Severity, 0-100 (risk-severity.ts): how broadly and how strongly the user is at risk. */
  severity: number;
  /** The KPIs beyond their fences, strongest first, in the vector's units (risk-reasons.ts). */
  reasons: RiskReason[];
}

export const ENSEMBLE_MODEL_VERSION = 4;
