// Turns Isolation Forest scores into a vote (contamination threshold) and a normality in [0,1].
import { extent, quantile } from 'd3-array';
import { DEFAULT_CONTAMINATION } from './defaults.js';

/** Stored with the forest so one new vector gets the training run's threshold and scale. */
export interface ForestCalibration {
  contamination: number;
  /** The (1 - contamination) quantile of the training scores; scores above it vote. */
  threshold: number;
  minScore: number;
  maxScore: number;
}

export { DEFAULT_CONTAMINATION };

/** Quantile with linear interpolation between order statistics (d3's quantile, numpy's default). */
export function calibrateForest(scores: Float64Array, contamination = DEFAULT_CONTAMINATION): ForestCalibration {
  if (!(contamination >= 0 && contamination < 1)) throw new RangeError(`contamination must be in [0, 1), got ${contamination}`);
  if (scores.length === 0) throw new RangeError('no scores to calibrate');
  const [minScore, maxScore] = extent(scores) as [number, number];
  return { contamination, threshold: quantile(scores, 1 - contamination) as number, minScore, maxScore };
}

/** A point votes when its score is strictly above the threshold (about contamination x n points). */
export function isForestOutlier(score: number, calibration: ForestCalibration): boolean {
  return score > calibration.threshold;
}

/**
 * Normality in [0,1], 1 = most normal: the score min-max rescaled over the training scores
 * and reversed, (maxScore - s) / (maxScore - minScore), clipped for new vectors outside the
 * training range. Raw 1 - s would only span about [0.25, 0.65] (scores sit near 0.35-0.75),
 * wasting half of the ASI's 50-point forest term; with the rescaling the most anomalous
 * training point gets the full 50 and the most normal 0.
 */
export function measureNormality(score: number, calibration: ForestCalibration): number {
  const span = calibration.maxScore - calibration.minScore;
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, (calibration.maxScore - score) / span));
}
