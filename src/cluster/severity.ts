// The Anomaly Severity Index (ASI, 0-100) of SPEC §5 and the scaling of its centroid term.

/** SPEC §5 weights: forest abnormality, DBSCAN noise, distance to the own centroid. */
export const ASI_WEIGHTS = Object.freeze({ forest: 0.5, dbscan: 0.3, centroid: 0.2 });

/**
 * ASI = 100 * (0.5*(1 - IF_normality) + 0.3*DBSCAN_outlier + 0.2*centroid_distance),
 * with normality and centroid distance in [0,1] (see forest-calibration.ts and
 * scaleCentroidDistance) and the outlier flag 0/1, so the ASI is in [0,100].
 */
export function computeAsi(forestNormality: number, dbscanOutlier: boolean, centroidDistance: number): number {
  return 100 * (ASI_WEIGHTS.forest * (1 - forestNormality) + ASI_WEIGHTS.dbscan * (dbscanOutlier ? 1 : 0) + ASI_WEIGHTS.centroid * centroidDistance);
}

/**
 * Distance to the own K-Means centroid divided by the largest such distance in the training
 * run (stored in the model), clipped to [0,1] so a new vector farther out than any training
 * point scores 1. The largest training point gets 1; a model whose points all sit on their
 * centroids (max 0) gives 0.
 */
export function scaleCentroidDistance(distance: number, maxTrainingDistance: number): number {
  if (!(maxTrainingDistance > 0)) return 0;
  return Math.min(1, Math.max(0, distance / maxTrainingDistance));
}
