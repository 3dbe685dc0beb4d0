// The one definition of the "worst risk profile" among K-Means centroids (SPEC §5, detector 1).
import { riskDirections } from '../model/kpi-columns.js';

/** The registry's risk directions (kpis.ts), in vector order: what a model without its own uses. */
export const DEFAULT_RISK_DIRECTIONS: readonly number[] = riskDirections();

/**
 * Risk score of one centroid: the mean of its risk-oriented KPIs, where a KPI whose risk
 * direction is -1 (fewer community categories = thinner support network) counts as
 * (1 - value). KPIs are in [0,1], so the score is in [0,1]; higher = riskier.
 * `centroid` holds the KPIs in vector order, starting at `offset`.
 */
export function scoreRiskProfile(centroid: Float64Array | readonly number[], offset = 0, directions: readonly number[] = DEFAULT_RISK_DIRECTIONS): number {
  let sum = 0;
  for (let c = 0; c < directions.length; c++) sum += orientToRisk(c, centroid[offset + c], directions);
  return sum / directions.length;
}

/**
 * KPI `c` (vector index) of a value in [0,1], turned so that higher is riskier: the value
 * itself, or 1 - value for a KPI whose risk direction is -1. The one orientation the worst
 * cluster and the risk signals (risk-signals.ts) share.
 */
export function orientToRisk(c: number, value: number, directions: readonly number[] = DEFAULT_RISK_DIRECTIONS): number {
  return directions[c] === -1 ? 1 - value : value;
}

/**
 * Index of the cluster whose centroid has the highest risk score (the lowest index on a tie,
 * so the choice is deterministic). `centroids` is k x d row-major with d = one column per KPI direction.
 */
export function findWorstCluster(centroids: Float64Array, k: number, d: number, directions: readonly number[] = DEFAULT_RISK_DIRECTIONS): number {
  if (d !== directions.length) {
    throw new RangeError(`centroids have ${d} columns, the risk profile needs ${directions.length}`);
  }
  let worst = 0;
  let worstScore = -Infinity;
  for (let j = 0; j < k; j++) {
    const score = scoreRiskProfile(centroids, j * d, directions);
    if (score > worstScore) {
      worstScore = score;
      worst = j;
    }
  }
  return worst;
}
