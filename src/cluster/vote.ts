// The ensemble's vote: three detectors' verdicts -> a risk level (SPEC §5).
import type { RiskLevel } from '../etl/feature-vector.js';

/**
 * - 'majority' (SPEC §5, default): >= 2 votes -> high, 1 -> moderate, 0 -> low.
 * - 'any-strong': like majority, but one vote from a point-wise outlier detector (DBSCAN
 *   noise or the Isolation Forest) is already high; a lone K-Means vote stays moderate.
 *   The K-Means vote is a cohort vote (every member of the worst cluster gets it), while the
 *   other two flag individual points: under 'majority' an outlier that only one of them sees
 *   and that sits outside the worst cluster is merely "moderate", which caps recall.
 */
export type VoteRule = 'majority' | 'any-strong';
export const VOTE_RULES: readonly VoteRule[] = ['majority', 'any-strong'];
export const DEFAULT_VOTE_RULE: VoteRule = 'majority';

export interface DetectorVotes {
  /** Member of the worst-profile K-Means cluster. */
  kmeans: boolean;
  /** DBSCAN noise. */
  dbscan: boolean;
  /** Isolation Forest score above the contamination threshold. */
  forest: boolean;
}

export function countVotes(votes: DetectorVotes): number {
  return Number(votes.kmeans) + Number(votes.dbscan) + Number(votes.forest);
}

export function decideRiskLevel(votes: DetectorVotes, rule: VoteRule = DEFAULT_VOTE_RULE): RiskLevel {
  const count = countVotes(votes);
  if (count >= 2) return 'high';
  if (count === 0) return 'low';
  if (rule === 'any-strong' && !votes.kmeans) return 'high';
  return 'moderate';
}
