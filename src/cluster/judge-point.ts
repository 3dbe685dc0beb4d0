// The one place a point's detector outputs become votes, a risk level, an ASI, a severity and reasons (batch and single vector alike).
import type { EnsembleModel, PointVerdict } from './ensemble-model.js';
import { isForestOutlier, measureNormality } from './forest-calibration.js';
import { explainRisk } from './risk-reasons.js';
import { highSeverity, severityScores } from './risk-severity.js';
import { countRiskSignals } from './risk-signals.js';
import { computeAsi, scaleCentroidDistance } from './severity.js';
import { countVotes, decideRiskLevel } from './vote.js';

/** `vector` at `offset` is the point's KPI row (the model's kpiColumns order), read for the risk signals. */
export function judgePoint(
  model: EnsembleModel,
  kmeansLabel: number,
  kmeansDistance: number,
  dbscanLabel: number,
  forestScore: number,
  vector: Float64Array,
  offset = 0,
): PointVerdict {
  const fences = model.riskSignals;
  const riskSignals = countRiskSignals(fences, vector, offset);
  const { severity, beyondFences } = severityScores(fences, vector, offset);
  const votes = {
    kmeans: kmeansLabel === model.kmeans.worstCluster,
    dbscan: dbscanLabel < 0,
    forest: isForestOutlier(forestScore, model.forestCalibration),
    broad: riskSignals >= fences.minSignals,
    // Never below minSignals: a stricter --min-signals applies to the one-vote case as well.
    broadest: riskSignals >= Math.max(fences.fences.length - 1, fences.minSignals),
    severe: riskSignals >= fences.minSignals && beyondFences >= highSeverity(fences.minSignals, fences.fences.length),
  };
  const forestNormality = measureNormality(forestScore, model.forestCalibration);
  return {
    kmeansLabel,
    kmeansDistance,
    dbscanLabel,
    forestScore,
    forestNormality,
    votes: countVotes(votes),
    riskSignals,
    level: decideRiskLevel(votes, model.voteRule),
    asi: computeAsi(forestNormality, votes.dbscan, scaleCentroidDistance(kmeansDistance, model.kmeans.maxDistance)),
    severity,
    reasons: explainRisk(fences, vector, offset, model.kpiColumns),
  };
}
