// Severity (0-100): how broadly and how strongly a user is at risk, from the KPIs beyond their risk fences. Monotone by construction.
import { directionsOf, type RiskSignalModel } from './risk-signals.js';
import { orientToRisk } from './worst-cluster.js';

/**
 * Share of a KPI's points that being beyond its fence earns at once (breadth); the rest
 * (1 - SEVERITY_BREADTH) grows with how far beyond (magnitude). Chosen on the tuning generator and
 * seed only (bench/README.md, quality).
 */
export const SEVERITY_BREADTH = 0.5;

/**
 * One KPI's part of the severity, in [0,1): 0 up to the fence; beyond it
 * SEVERITY_BREADTH + (1 - SEVERITY_BREADTH) * (1 - 2^(-excess / spread)), where excess is the
 * risk-oriented value minus the fence and spread the robust spread of the normal half of the training
 * users on that KPI (RiskSignalModel.spreads). So a value one normal spread beyond the fence gets 3/4 of
 * the KPI's points, one a little past it (where the normal tail ends) little more than the half that
 * crossing earns, and no value, however extreme, more than all of them: one KPI can never outweigh breadth.
 *
 * Non-decreasing in the risk-oriented value: 0 below the fence, a jump to at least
 * SEVERITY_BREADTH past it, then strictly increasing until it saturates.
 */
export function kpiSeverity(model: RiskSignalModel, c: number, value: number): number {
  const excess = orientToRisk(c, value, directionsOf(model)) - model.fences[c];
  if (!(excess > 0)) return 0;
  return SEVERITY_BREADTH + (1 - SEVERITY_BREADTH) * (1 - Math.pow(2, -excess / model.spreads[c]));
}

/**
 * Severity, 0-100: the mean of the KPIs' parts (kpiSeverity) times 100. Six KPIs far beyond their
 * fences approach 100; one KPI alone gives at most 100/6.
 *
 * Monotone: each part depends on one KPI only and never decreases as that KPI moves to its risk
 * side; a sum (in a fixed order, IEEE addition being monotone) of such parts never decreases either.
 * Adding a risk signal (a KPI crossing its fence) raises its part from 0 to at least SEVERITY_BREADTH.
 *
 * The detectors' per-point outputs (forest score, DBSCAN noise, centroid distance) are left out on
 * purpose: none is monotone in the KPIs (a user moving into a dense group of other at-risk users
 * stops being DBSCAN noise and gets a more "normal" forest score; test/cluster/risk-severity.test.ts
 * shows one such move lowering the ASI), so any term built from them could lower the severity of a
 * user whose risk grows. The detectors still shape it: the fences are learned on the half of the
 * population the Isolation Forest finds most normal, and they alone decide the risk level (vote.ts).
 */
export function computeSeverity(model: RiskSignalModel, vector: Float64Array | readonly number[], offset = 0): number {
  let sum = 0;
  const d = model.fences.length;
  for (let c = 0; c < d; c++) sum += kpiSeverity(model, c, vector[offset + c]);
  return (100 * sum) / d;
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
