// The one definition of the "worst risk profile" among K-Means centroids (SPEC §5, detector 1).
import { KPI_COLUMNS, RISK_DIRECTION } from '../model/feature-vector.js';

/**
 * Risk score of one centroid: the mean of its risk-oriented KPIs, where a KPI whose
 * RISK_DIRECTION is -1 (fewer community categories = thinner support network) counts as
 * (1 - value). KPIs are in [0,1], so the score is in [0,1]; higher = riskier.
 * `centroid` holds the KPIs in KPI_COLUMNS order, starting at `offset`.
 */
export function scoreRiskProfile(centroid: Float64Array | readonly number[], offset = 0): number {
  let sum = 0;
  for (let c = 0; c < KPI_COLUMNS.length; c++) sum += orientToRisk(c, centroid[offset + c]);
  return sum / KPI_COLUMNS.length;
}

/**
 * KPI `c` (KPI_COLUMNS index) of a value in [0,1], turned so that higher is riskier: the value
 * itself, or 1 - value for a KPI whose RISK_DIRECTION is -1. The one orientation the worst
 * cluster and the risk signals (risk-signals.ts) share.
 */
export function orientToRisk(c: number, value: number): number {
  return RISK_DIRECTION[KPI_COLUMNS[c]] === -1 ? 1 - value : value;
}

/**
 * Index of the cluster whose centroid has the highest risk score (the lowest index on a tie,
 * so the choice is deterministic). `centroids` is k x d row-major with d = KPI_COLUMNS.length.
 */
export function findWorstCluster(centroids: Float64Array, k: number, d: number): number {
  if (d !== KPI_COLUMNS.length) {
    throw new RangeError(`centroids have ${d} columns, the risk profile needs ${KPI_COLUMNS.length}`);
  }
  let worst = 0;
  let worstScore = -Infinity;
  for (let j = 0; j < k; j++) {
    const score = scoreRiskProfile(centroids, j * d);
    if (score > worstScore) {
      worstScore = score;
      worst = j;
    }
  }
  return worst;
}
