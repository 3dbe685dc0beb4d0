// The ensemble's vote: three detectors' verdicts (and, for 'severity' and 'broad', the risk signals and severity) -> a risk level (SPEC §5).
import type { RiskLevel } from '../model/feature-vector.js';

/**
 * - 'severity' (default): at least one vote AND risk signals on at least `minSignals` KPIs AND a
 *   severity (risk-severity.ts) of at least that of a user one normal spread beyond the fence on
 *   `minSignals` KPIs (highSeverity: 37.5 with the defaults) -> high; any other vote -> moderate; none
 *   -> low. The breadth policy of 'broad', with the second vote replaced by the severity: KPIs only just
 *   past their fences do not make a user high, KPIs far beyond them do even when a dense group of such
 *   users gets a single vote, and the list's order and its level come from one number. On planted data
 *   it finds more of the planted high users than 'broad' at a slightly lower precision (bench/README.md,
 *   severity: tables for both rules).
 * - 'broad': >= 2 votes AND risk signals on at least `minSignals` KPIs
 *   (risk-signals.ts) -> high; so is one vote with risk signals on all KPIs but one (5 of 6):
 *   a dense group of users at risk on every KPI is no DBSCAN noise and the forest isolates it
 *   slowly, so it rarely gets two votes (bench/README.md, severity: 44 of 1,005 such users stay
 *   moderate even so on the second generator, seed 101, 100k); any other vote -> moderate; none -> low. The majority says
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
export type VoteRule = 'broad' | 'severity' | 'majority' | 'any-strong';
export const VOTE_RULES: readonly VoteRule[] = ['broad', 'severity', 'majority', 'any-strong'];
export const DEFAULT_VOTE_RULE: VoteRule = 'severity';

export interface DetectorVotes {
  /** Member of the worst-profile K-Means cluster. */
  kmeans: boolean;
  /** DBSCAN noise. */
  dbscan: boolean;
  /** Isolation Forest score above the contamination threshold. */
  forest: boolean;
  /** Risk signals on at least minSignals KPIs (risk-signals.ts); required by 'broad', not a vote. */
  broad?: boolean;
  /** Risk signals on all KPIs but at most one (5 of 6): under 'broad', one vote is then enough. */
  broadest?: boolean;
  /** Signals on at least minSignals KPIs and a severity at or above highSeverity(minSignals) (risk-severity.ts); required by 'severity', not a vote. */
  severe?: boolean;
}

export function countVotes(votes: DetectorVotes): number {
  return Number(votes.kmeans) + Number(votes.dbscan) + Number(votes.forest);
}

export function decideRiskLevel(votes: DetectorVotes, rule: VoteRule = DEFAULT_VOTE_RULE): RiskLevel {
  const count = countVotes(votes);
  if (rule === 'broad') {
    if (votes.broad === undefined) throw new RangeError("the 'broad' vote rule needs the risk signals (votes.broad)");
    return (count >= 2 && votes.broad) || (count >= 1 && votes.broadest) ? 'high' : count > 0 ? 'moderate' : 'low';
  }
  if (rule === 'severity') {
    if (votes.severe === undefined) throw new RangeError("the 'severity' vote rule needs the severity (votes.severe)");
    return count >= 1 && votes.severe ? 'high' : count > 0 ? 'moderate' : 'low';
  }
  if (count >= 2) return 'high';
  if (count === 0) return 'low';
  if (rule === 'any-strong' && !votes.kmeans) return 'high';
  return 'moderate';
}
