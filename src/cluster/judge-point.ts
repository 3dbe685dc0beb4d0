// The one place a point's detector outputs become votes, a risk level and an ASI (batch and single vector alike).
import type { EnsembleModel, PointVerdict } from './ensemble-model.js';
import { isForestOutlier, measureNormality } from './forest-calibration.js';
import { computeAsi, scaleCentroidDistance } from './severity.js';
import { countVotes, decideRiskLevel } from './vote.js';

export function judgePoint(model: EnsembleModel, kmeansLabel: number, kmeansDistance: number, dbscanLabel: number, forestScore: number): PointVerdict {
  const votes = {
    kmeans: kmeansLabel === model.kmeans.worstCluster,
    dbscan: dbscanLabel < 0,
    forest: isForestOutlier(forestScore, model.forestCalibration),
  };
  const forestNormality = measureNormality(forestScore, model.forestCalibration);
  return {
    kmeansLabel,
    kmeansDistance,
    dbscanLabel,
    forestScore,
    forestNormality,
    votes: countVotes(votes),
    level: decideRiskLevel(votes, model.voteRule),
    asi: computeAsi(forestNormality, votes.dbscan, scaleCentroidDistance(kmeansDistance, model.kmeans.maxDistance)),
  };
}
