// K-Means over a row-major Float64Array through ml-kmeans (k-means++ init, seeded).
import { kmeans } from 'ml-kmeans';
import { DEFAULT_K } from './defaults.js';

export interface KMeansOptions {
  /** Number of clusters. @default 4 */
  k?: number;
  /** Seed of the k-means++ initialisation; the same seed gives the same labels. */
  seed: number;
  /** @default 100 */
  maxIterations?: number;
}

export interface KMeansFit {
  k: number;
  d: number;
  /** k x d, row-major. */
  centroids: Float64Array;
  /** Index of the nearest final centroid of each point. */
  labels: Int32Array;
  /** Euclidean distance of each point to its own centroid. */
  distances: Float64Array;
  iterations: number;
  converged: boolean;
}

export { DEFAULT_K };

/**
 * Fits K-Means with ml-kmeans. Its labels belong to the centroids of the step before the last
 * update, so the points are assigned once more to the returned centroids: that way
 * `assignNearestCentroid` on any training vector gives back exactly its label and distance.
 * ml-kmeans gets the rows as subarray views of `data`, not copies.
 */
export function fitKMeans(data: Float64Array, n: number, d: number, options: KMeansOptions): KMeansFit {
  const k = options.k ?? DEFAULT_K;
  if (n < k) throw new RangeError(`K-Means needs at least k=${k} points, got ${n}`);
  const rows = Array.from({ length: n }, (_, i) => data.subarray(i * d, (i + 1) * d));
  const result = kmeans(rows as unknown as number[][], k, {
    initialization: 'kmeans++',
    seed: options.seed,
    maxIterations: options.maxIterations ?? 100,
  });
  const centroids = new Float64Array(k * d);
  result.centroids.forEach((c, j) => centroids.set(c, j * d));
  const labels = new Int32Array(n);
  const distances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nearest = assignNearestCentroid(centroids, k, d, data, i * d);
    labels[i] = nearest.label;
    distances[i] = nearest.distance;
  }
  return { k, d, centroids, labels, distances, iterations: result.iterations, converged: result.converged };
}

/**
 * Nearest centroid of the vector starting at `offset` in `vector` (ties go to the lower index)
 * and the Euclidean distance to it.
 */
export function assignNearestCentroid(
  centroids: Float64Array,
  k: number,
  d: number,
  vector: Float64Array,
  offset = 0,
): { label: number; distance: number } {
  let best = 0;
  let bestSq = Infinity;
  for (let j = 0; j < k; j++) {
    let sq = 0;
    for (let c = 0; c < d; c++) {
      const diff = vector[offset + c] - centroids[j * d + c];
      sq += diff * diff;
    }
    if (sq < bestSq) {
      bestSq = sq;
      best = j;
    }
  }
  return { label: best, distance: Math.sqrt(bestSq) };
}
