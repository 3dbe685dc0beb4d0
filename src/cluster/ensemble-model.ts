// The fitted risk ensemble: everything needed to judge one vector later without refitting.
import type { RiskLevel } from '../model/feature-vector.js';
import type { DbscanModel } from './dbscan-model.js';
import type { ForestCalibration } from './forest-calibration.js';
import type { IsolationForestModel } from './isolation-forest.js';
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
  /** Bumped when the meaning of a stored model changes. */
  version: 1;
  /** Column order the model was fitted on (KPI_COLUMNS at fit time). */
  kpiColumns: readonly string[];
  d: number;
  seed: number;
  voteRule: VoteRule;
  kmeans: KMeansModel;
  dbscan: DbscanModel;
  forest: IsolationForestModel;
  forestCalibration: ForestCalibration;
  /** Fences of the risk signals; absent only in models stored before they existed (those use 'majority' or 'any-strong'). */
  riskSignals?: RiskSignalModel;
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
  /** KPIs beyond their fence on the risk side (risk-signals.ts); absent when the model has no fences. */
  riskSignals?: number;
  level: RiskLevel;
  /** Anomaly Severity Index, 0-100. */
  asi: number;
}

export const ENSEMBLE_MODEL_VERSION = 1;
