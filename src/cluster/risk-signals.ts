// Risk signals: on how many KPIs a user lies beyond the range of the population's most normal half, on the risk side.
import { quantile } from 'd3-array';
import { DEFAULT_RISK_DIRECTIONS, orientToRisk } from './worst-cluster.js';

/**
 * Stored with the model so one new vector gets the training run's fences (`watch`).
 *
 * The detectors say how anomalous a user is, not how broadly: a user extreme on two KPIs is
 * as much DBSCAN noise as one extreme on five, and the forest isolates two extreme KPIs with
 * wide gaps (reciprocity, days since last seen) about as fast as three. The signal count is
 * that missing measure of breadth, and it only counts the risk side of each KPI (KPI 6
 * inversely, as for the worst cluster), so an unusual but harmless profile (an influencer,
 * a very sociable user) gives no signal.
 */
export interface RiskSignalModel {
  /**
   * Per KPI (vector order), the largest risk-oriented value among the reference users:
   * the users whose Isolation Forest score is at or below the median, i.e. the half of the
   * population the forest finds most normal. A value strictly above the fence is a signal.
   * A KPI whose risky value is common (more than half of the users) has it inside the
   * reference range, so it signals nothing: common is not a warning sign.
   */
  fences: number[];
  /** Signals that make a majority verdict high under the 'broad' vote rule (vote.ts). */
  minSignals: number;
  /** How many users formed the reference. */
  referenceUsers: number;
  /**
   * Per KPI, the scale of "how far beyond the fence" (risk-severity.ts): the robust spread of the reference
   * users' risk-oriented values (1.4826 x their median absolute deviation, the normal-consistent MAD), so
   * beyond-fence distances are measured in units of how much normal users vary; the reference is the
   * normal half, so neither a few extreme users nor a large at-risk group can stretch it. A KPI the
   * reference does not vary on (a binary flag all normal users share) has no such unit: its spread is
   * the median exceedance of the users beyond its fence. At least MIN_SPREAD.
   */
  spreads: number[];
  /**
   * Per KPI, how much the reference users vary on it: their robust spread (1.4826 x MAD, as `spreads`), or where
   * more than half of them share one value (a discrete KPI: the MAD is 0) their standard deviation; 0 only when
   * they all share one value (a binary flag no normal user has). The unit of the severity's near-fence part
   * (risk-severity.ts): a KPI the normal half does not vary on at all has no "near" below its fence.
   */
  normalSpreads: number[];
  /**
   * Per KPI, its risk direction at fit time (kpis.ts): +1 riskier when higher, -1 when lower. Models stored
   * before the registry lack it and take the registry's (DEFAULT_RISK_DIRECTIONS).
   */
  directions?: number[];
}

/** A model's risk directions. */
export function directionsOf(model: RiskSignalModel): readonly number[] {
  return model.directions ?? DEFAULT_RISK_DIRECTIONS;
}

/** Smallest spread: KPIs are in [0,1], so an exceedance of 0.01 is one percent of the scale. */
export const MIN_SPREAD = 0.01;

/** Half of the KPIs, rounded up: 3 of the six. */
export function defaultMinSignals(d: number): number {
  return Math.ceil(d / 2);
}

/**
 * Fences from the reference half. Half, as in robust statistics (the minimum covariance
 * determinant, least trimmed squares): up to half of the users may be anomalous without moving
 * the fences, and no share of "expected" anomalies has to be guessed. The maximum rather than
 * a quantile of the reference: the forest already kept isolated values out of the reference,
 * and binary or discrete KPIs (profile incomplete, community categories) have no meaningful
 * quantile between their steps.
 */
export function fitRiskSignals(
  data: Float64Array,
  n: number,
  d: number,
  forestScore: Float64Array,
  minSignals = defaultMinSignals(d),
  directions: readonly number[] = DEFAULT_RISK_DIRECTIONS,
): RiskSignalModel {
  if (directions.length !== d) throw new RangeError(`need one risk direction per KPI (d=${d}, directions=${directions.length})`);
  if (!(Number.isInteger(minSignals) && minSignals >= 1 && minSignals <= d)) throw new RangeError(`minSignals must be an integer from 1 to ${d}, got ${minSignals}`);
  if (n === 0 || forestScore.length !== n) throw new RangeError(`need one forest score per vector (n=${n}, scores=${forestScore.length})`);
  const median = quantile(forestScore, 0.5) as number;
  const fences = new Array<number>(d).fill(-Infinity);
  let referenceUsers = 0;
  for (let i = 0; i < n; i++) {
    if (!(forestScore[i] <= median)) continue;
    referenceUsers++;
    for (let c = 0; c < d; c++) {
      const v = orientToRisk(c, data[i * d + c], directions);
      if (v > fences[c]) fences[c] = v;
    }
  }
  const { spreads, normalSpreads } = fitSpreads(data, n, d, fences, directions, (i) => forestScore[i] <= median);
  return { fences, minSignals, referenceUsers, spreads, normalSpreads, directions: [...directions] };
}

/** Normal-consistent scale of the median absolute deviation: 1.4826 x MAD estimates a Gaussian's standard deviation. */
const MAD_TO_SD = 1.4826;

/**
 * RiskSignalModel.spreads: the reference's MAD per KPI, or the median exceedance beyond the fence where it is 0;
 * normalSpreads: the reference's MAD, or its standard deviation where the MAD is 0.
 */
function fitSpreads(
  data: Float64Array, n: number, d: number, fences: readonly number[], directions: readonly number[], reference: (i: number) => boolean,
): { spreads: number[]; normalSpreads: number[] } {
  const spreads: number[] = [];
  const normalSpreads: number[] = [];
  for (let c = 0; c < d; c++) {
    const normal: number[] = [];
    const beyond: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = orientToRisk(c, data[i * d + c], directions);
      if (reference(i)) normal.push(v);
      if (v > fences[c]) beyond.push(v - fences[c]);
    }
    const centre = quantile(normal, 0.5) as number;
    const mad = MAD_TO_SD * (quantile(normal.map((v) => Math.abs(v - centre)), 0.5) as number);
    const fallback = beyond.length ? (quantile(beyond, 0.5) as number) : (1 - fences[c]) / 2;
    spreads.push(Math.max(MIN_SPREAD, mad > 0 ? mad : fallback));
    normalSpreads.push(mad > 0 ? mad : standardDeviation(normal));
  }
  return { spreads, normalSpreads };
}

/** Population standard deviation (0 for fewer than two values). */
function standardDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return Math.sqrt(ss / xs.length);
}

/** How far KPI c's value lies beyond its fence on the risk side: > 0 is a risk signal (and a reason), <= 0 inside it. */
export function excessOverFence(model: RiskSignalModel, c: number, value: number): number {
  return orientToRisk(c, value, directionsOf(model)) - model.fences[c];
}

/** KPIs of the vector at `offset` beyond their fence on the risk side. */
export function countRiskSignals(model: RiskSignalModel, vector: Float64Array, offset = 0): number {
  let signals = 0;
  for (let c = 0; c < model.fences.length; c++) if (excessOverFence(model, c, vector[offset + c]) > 0) signals++;
  return signals;
}
