// The ensemble's vote: three detectors' verdicts (and, for 'broad', the risk signals) -> a risk level (SPEC §5).
import type { RiskLevel } from '../model/feature-vector.js';

/**
 * - 'broad' (default): >= 2 votes AND risk signals on at least `minSignals` KPIs
 *   (risk-signals.ts) -> high; any other vote -> moderate; none -> low. The majority says
 *   the user is anomalous, the signals that the anomaly is broad and on the risk side. Under
 *   'majority' a user extreme on one or two KPIs is DBSCAN noise and, whenever the forest's
 *   fixed contamination share reaches them, high: the measured precision stayed near 0.6
 *   (bench/README.md, cluster).
 * - 'majority' (SPEC §5): >= 2 votes -> high, 1 -> moderate, 0 -> low.
 * - 'any-strong': like majority, but one vote from a point-wise outlier detector (DBSCAN
 *   noise or the Isolation Forest) is already high; a lone K-Means vote stays moderate.
 *   The K-Means vote is a cohort vote (every member of the worst cluster gets it), while the
 *   other two flag individual points: under 'majority' an outlier that only one of them sees
 *   and that sits outside the worst cluster is merely "moderate", which caps recall.
 */
export type VoteRule = 'broad' | 'majority' | 'any-strong';
export const VOTE_RULES: readonly VoteRule[] = ['broad', 'majority', 'any-strong'];
export const DEFAULT_VOTE_RULE: VoteRule = 'broad';

export interface DetectorVotes {
  /** Member of the worst-profile K-Means cluster. */
  kmeans: boolean;
  /** DBSCAN noise. */
  dbscan: boolean;
  /** Isolation Forest score above the contamination threshold. */
  forest: boolean;
  /** Risk signals on at least minSignals KPIs (risk-signals.ts); required by 'broad', not a vote. */
  broad?: boolean;
}

export function countVotes(votes: DetectorVotes): number {
  return Number(votes.kmeans) + Number(votes.dbscan) + Number(votes.forest);
}

export function decideRiskLevel(votes: DetectorVotes, rule: VoteRule = DEFAULT_VOTE_RULE): RiskLevel {
  const count = countVotes(votes);
  if (rule === 'broad') {
    if (votes.broad === undefined) throw new RangeError("the 'broad' vote rule needs the risk signals (votes.broad)");
    return count >= 2 && votes.broad ? 'high' : count > 0 ? 'moderate' : 'low';
  }
  if (count >= 2) return 'high';
  if (count === 0) return 'low';
  if (rule === 'any-strong' && !votes.kmeans) return 'high';
  return 'moderate';
}
