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
   * Per KPI, the scale of "how far beyond the fence" (risk-severity.ts): the median exceedance
   * (risk-oriented value minus fence) of the users beyond that fence. A median: a few extreme users
   * cannot stretch it. At least MIN_SPREAD; half the room above the fence when nobody is beyond it.
   */
  spreads: number[];
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
  return { fences, minSignals, referenceUsers, spreads: fitSpreads(data, n, d, fences, directions), directions: [...directions] };
}

/** The median exceedance beyond each fence (RiskSignalModel.spreads). */
function fitSpreads(data: Float64Array, n: number, d: number, fences: readonly number[], directions: readonly number[]): number[] {
  const spreads: number[] = [];
  for (let c = 0; c < d; c++) {
    const beyond: number[] = [];
    for (let i = 0; i < n; i++) {
      const excess = orientToRisk(c, data[i * d + c], directions) - fences[c];
      if (excess > 0) beyond.push(excess);
    }
    const median = beyond.length ? (quantile(beyond, 0.5) as number) : (1 - fences[c]) / 2;
    spreads.push(Math.max(MIN_SPREAD, median));
  }
  return spreads;
}

/** KPIs of the vector at `offset` beyond their fence on the risk side. */
export function countRiskSignals(model: RiskSignalModel, vector: Float64Array, offset = 0): number {
  let signals = 0;
  const directions = directionsOf(model);
  for (let c = 0; c < model.fences.length; c++) if (orientToRisk(c, vector[offset + c], directions) > model.fences[c]) signals++;
  return signals;
}
