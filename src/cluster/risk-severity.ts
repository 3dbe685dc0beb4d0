// Severity (0-100): how broadly and how strongly a user is at risk, from how far each KPI is beyond (or just short of) its risk fence. Monotone by construction.
import { excessOverFence, type RiskSignalModel } from './risk-signals.js';

/**
 * Share of a KPI's points that being beyond its fence earns at once (breadth); the rest
 * (1 - SEVERITY_BREADTH) grows with how far beyond (magnitude). Chosen on the tuning generator and
 * seed only (bench/README.md, quality).
 */
export const SEVERITY_BREADTH = 0.5;

/**
 * Share of a KPI's points that a value at its fence, not beyond it, earns (the near-fence part), halving with every
 * NEAR_FENCE_HALVING normal spreads further inside: mild elevations just short of several fences rank a user above
 * one whose other KPIs are ordinary, while a value an ordinary distance inside the fence earns next to nothing.
 * Well under SEVERITY_BREADTH, so crossing a fence always adds more than getting near it; no part of the level
 * rule (highSeverity is compared with signalSeverity, which leaves it out). Chosen on the tuning generator and
 * seed only (bench/README.md, severity).
 */
export const SEVERITY_NEAR_FENCE = 0.1;
export const NEAR_FENCE_HALVING = 0.5;

/**
 * One KPI's part of the severity, in [0,1). Beyond the fence
 * SEVERITY_BREADTH + (1 - SEVERITY_BREADTH) * (1 - 2^(-excess / spread)), where excess is the
 * risk-oriented value minus the fence and spread the robust spread of the normal half of the training
 * users on that KPI (RiskSignalModel.spreads). So a value one normal spread beyond the fence gets 3/4 of
 * the KPI's points, one a little past it (where the normal tail ends) little more than the half that
 * crossing earns, and no value, however extreme, more than all of them: one KPI can never outweigh breadth.
 * At or inside the fence, the near-fence part SEVERITY_NEAR_FENCE * 2^(excess / (NEAR_FENCE_HALVING * unit))
 * (excess <= 0, unit = RiskSignalModel.normalSpreads): 0.1 at the fence, 0.025 one normal spread inside it, next
 * to nothing for ordinary values; 0 on a KPI the normal half does not vary on at all.
 *
 * Non-decreasing in the risk-oriented value: increasing up to the fence, a jump to at least
 * SEVERITY_BREADTH past it, then increasing until it saturates.
 */
export function kpiSeverity(model: RiskSignalModel, c: number, value: number): number {
  return partOf(model, c, excessOverFence(model, c, value));
}

/** KPI c's part for its excess over the fence (excessOverFence); 0 for NaN. */
function partOf(model: RiskSignalModel, c: number, excess: number): number {
  if (excess > 0) return SEVERITY_BREADTH + (1 - SEVERITY_BREADTH) * (1 - Math.pow(2, -excess / model.spreads[c]));
  const unit = model.normalSpreads[c];
  return excess <= 0 && unit > 0 ? SEVERITY_NEAR_FENCE * Math.pow(2, excess / (NEAR_FENCE_HALVING * unit)) : 0;
}

/**
 * Both numbers of a vector in one pass: `severity` (computeSeverity) and `beyondFences`, the same without the
 * near-fence parts (100 x the mean of the parts of the KPIs beyond their fences), which is what the 'severity' vote
 * rule compares with highSeverity, so a level depends on risk signals only.
 */
export function severityScores(model: RiskSignalModel, vector: Float64Array | readonly number[], offset = 0): { severity: number; beyondFences: number } {
  let all = 0;
  let beyond = 0;
  const d = model.fences.length;
  for (let c = 0; c < d; c++) {
    const excess = excessOverFence(model, c, vector[offset + c]);
    const part = partOf(model, c, excess);
    all += part;
    if (excess > 0) beyond += part;
  }
  return { severity: (100 * all) / d, beyondFences: (100 * beyond) / d };
}

/** The severity beyond the fences alone (severityScores' `beyondFences`). */
export function signalSeverity(model: RiskSignalModel, vector: Float64Array | readonly number[], offset = 0): number {
  return severityScores(model, vector, offset).beyondFences;
}

/**
 * Severity, 0-100: the mean of the KPIs' parts (kpiSeverity) times 100. Six KPIs far beyond their
 * fences approach 100; one KPI alone gives at most 100/6 beside the others' near-fence parts (at most
 * 100 * SEVERITY_NEAR_FENCE / 6 each).
 *
 * Monotone: each part depends on one KPI only and never decreases as that KPI moves to its risk
 * side; a sum (in a fixed order, IEEE addition being monotone) of such parts never decreases either.
 * Adding a risk signal (a KPI crossing its fence) raises its part from at most SEVERITY_NEAR_FENCE to at
 * least SEVERITY_BREADTH.
 *
 * The detectors' per-point outputs (forest score, DBSCAN noise, centroid distance) are left out on
 * purpose: none is monotone in the KPIs (a user moving into a dense group of other at-risk users
 * stops being DBSCAN noise and gets a more "normal" forest score; test/cluster/risk-severity.test.ts
 * shows one such move lowering the ASI), so any term built from them could lower the severity of a
 * user whose risk grows. The detectors still shape it: the fences are learned on the half of the
 * population the Isolation Forest finds most normal, and they alone decide the risk level (vote.ts).
 */
export function computeSeverity(model: RiskSignalModel, vector: Float64Array | readonly number[], offset = 0): number {
  return severityScores(model, vector, offset).severity;
}

/**
 * The severity from which the 'severity' vote rule calls a user high: that of a user one normal spread
 * beyond the fence (3/4 of the KPI's points) on `minSignals` KPIs and inside the fence on the others.
 * Derived from the breadth policy (--min-signals) and the score's own unit, not fitted to any data:
 * 37.5 with 3 of 6 KPIs. Two KPIs, however extreme, stay below it (at most 33.3).
 */
export function highSeverity(minSignals: number, d: number): number {
  return (100 * minSignals * (SEVERITY_BREADTH + (1 - SEVERITY_BREADTH) / 2)) / d;
}
