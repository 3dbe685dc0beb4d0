// Chooses DBSCAN's eps per run from the k-distance curve of a seeded sample (one eps does not carry across sizes).
import { buildKdTree, measureBoxMinSq, measurePointSq, type KdTree } from './kd-tree.js';
import { createSeededRandom, sampleIndices } from './seeded-random.js';

export interface ChooseEpsOptions {
  /** DBSCAN minPts; the curve uses the distance to the minPts-th nearest point, itself included. */
  minPts: number;
  seed: number;
  /** Points whose k-distance is measured. @default 3000 */
  sampleSize?: number;
  /** 'knee' (default) or a fixed 'quantile' of the curve. */
  method?: 'knee' | 'quantile';
  /** Quantile used by method 'quantile' and as the fallback of a flat curve. @default 0.95 */
  quantile?: number;
}

/** How eps was chosen, ready to log. */
export interface EpsChoice {
  eps: number;
  minPts: number;
  method: 'knee' | 'quantile' | 'floor';
  sampleSize: number;
  /** Quantile of the sampled k-distances that eps sits at. */
  atQuantile: number;
  /** Share of the sample whose k-distance is >= eps: an estimate of the non-core share. */
  nonCoreShare: number;
  kDistance: { min: number; median: number; p95: number; p99: number; max: number };
}

/** Share of the top of the curve left out of the chord, so a few extreme points cannot flatten it. */
const CHORD_TOP_QUANTILE = 0.99;
const DEFAULT_SAMPLE_SIZE = 3000;

/** Default minPts: twice the dimension (Sander et al. 1998; Schubert et al. 2017 rule of thumb). */
export function chooseMinPts(d: number): number {
  return 2 * d;
}

/**
 * The k-distances are exact: a sample of points is queried against the k-d tree of all n
 * points, so no density rescaling from sample to population is needed. The knee is the point
 * of the sorted curve farthest below the chord from its first positive value to its 99th
 * percentile (both axes scaled to [0,1]). The zeros are left out because they are exact
 * duplicates (binary KPIs, users with no activity), not part of the density's shape: with a
 * quarter of the users identical, a chord from 0 put the knee at the 78th percentile (22% of
 * users non-core) instead of the 88th. A curve with no bend falls back to the quantile, and
 * an eps of 0 (more than minPts identical points everywhere) to the smallest positive k-distance.
 */
export function chooseEps(data: Float64Array, n: number, d: number, options: ChooseEpsOptions, tree?: KdTree): EpsChoice {
  const index = tree ?? buildKdTree(data, n, d);
  const picks = sampleIndices(n, options.sampleSize ?? DEFAULT_SAMPLE_SIZE, createSeededRandom(options.seed));
  const k = Math.min(options.minPts, n);
  const curve = Float64Array.from(picks, (i) => measureKDistance(index, data, i * d, k)).sort();
  const m = curve.length;
  const at = (q: number) => curve[Math.min(m - 1, Math.floor(q * (m - 1)))];
  const quantile = options.quantile ?? 0.95;

  let method: EpsChoice['method'] = options.method ?? 'knee';
  let rank = Math.floor(quantile * (m - 1));
  if (method === 'knee') {
    const firstPositive = Math.max(0, curve.findIndex((v) => v > 0));
    const knee = findKnee(curve, firstPositive, Math.floor(CHORD_TOP_QUANTILE * (m - 1)));
    if (knee < 0) method = 'quantile';
    else rank = knee;
  }
  let eps = curve[rank];
  if (!(eps > 0)) {
    method = 'floor';
    rank = curve.findIndex((v) => v > 0);
    eps = rank >= 0 ? curve[rank] : Number.EPSILON;
  }
  let nonCore = 0;
  for (const v of curve) if (v >= eps) nonCore++;
  return {
    eps,
    minPts: options.minPts,
    method,
    sampleSize: m,
    atQuantile: m > 1 ? Math.max(rank, 0) / (m - 1) : 0,
    nonCoreShare: nonCore / m,
    kDistance: { min: curve[0], median: at(0.5), p95: at(0.95), p99: at(0.99), max: curve[m - 1] },
  };
}

/** Rank of the point farthest below the chord over curve[first..last]; -1 when that stretch has no bend. */
export function findKnee(curve: Float64Array, first: number, last: number): number {
  const low = curve[first];
  const span = curve[last] - low;
  const width = last - first;
  if (!(span > 0) || width < 2) return -1;
  let best = -1;
  let bestGap = 1e-6;
  for (let r = first + 1; r < last; r++) {
    const gap = (r - first) / width - (curve[r] - low) / span;
    if (gap > bestGap) {
      bestGap = gap;
      best = r;
    }
  }
  return best;
}

/** Distance from the row at `offset` to its k-th nearest point of the tree, the row itself included. */
export function measureKDistance(tree: KdTree, q: Float64Array, offset: number, k: number): number {
  const best = new Float64Array(k).fill(Infinity);
  const visit = (node: number): void => {
    if (measureBoxMinSq(tree, node, q, offset) >= best[k - 1]) return;
    const left = tree.left[node];
    if (left < 0) {
      for (let p = tree.start[node]; p < tree.end[node]; p++) {
        const sq = measurePointSq(tree, p, q, offset);
        if (sq < best[k - 1]) insertSorted(best, sq);
      }
      return;
    }
    const right = tree.right[node];
    const leftFirst = measureBoxMinSq(tree, left, q, offset) <= measureBoxMinSq(tree, right, q, offset);
    visit(leftFirst ? left : right);
    visit(leftFirst ? right : left);
  };
  visit(0);
  return Math.sqrt(best[k - 1]);
}

function insertSorted(best: Float64Array, sq: number): void {
  let j = best.length - 1;
  while (j > 0 && best[j - 1] > sq) {
    best[j] = best[j - 1];
    j--;
  }
  best[j] = sq;
}
