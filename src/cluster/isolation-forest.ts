// Isolation Forest in flat typed arrays (Liu, Ting & Zhou 2008): seeded fit, tree-by-tree scoring.
import { createSeededRandom, drawIndex, sampleIndices, type RandomSource } from './seeded-random.js';

export interface IsolationForestOptions {
  seed: number;
  /** @default 100 */
  trees?: number;
  /** Points drawn (without replacement) to grow each tree. @default 256 */
  sampleSize?: number;
}

/**
 * All trees in parallel arrays. A split node has feature >= 0, `value` is its threshold and
 * its children are `left` and `left + 1` (x < value goes left). A leaf has feature -1 and
 * `value` = its depth + c(leaf size): the full path length a point ending there gets.
 */
export interface IsolationForestModel {
  d: number;
  trees: number;
  /** psi: the points per tree actually used (min(sampleSize, n)). */
  sampleSize: number;
  /** ceil(log2(psi)), the paper's height limit. */
  heightLimit: number;
  /** Node offset of each tree; tree t owns nodes [treeStart[t], treeStart[t + 1]). */
  treeStart: Int32Array;
  feature: Int32Array;
  value: Float64Array;
  left: Int32Array;
}

export const DEFAULT_TREES = 100;
export const DEFAULT_SAMPLE_SIZE = 256;
const EULER_GAMMA = 0.5772156649015329;

/** c(m): average path length of an unsuccessful BST search among m points (the paper's normaliser). */
export function measureAveragePathLength(m: number): number {
  if (m <= 1) return 0;
  if (m === 2) return 1;
  return 2 * (Math.log(m - 1) + EULER_GAMMA) - (2 * (m - 1)) / m;
}

export function fitIsolationForest(data: Float64Array, n: number, d: number, options: IsolationForestOptions): IsolationForestModel {
  if (n < 1) throw new RangeError('an isolation forest needs at least one point');
  const trees = options.trees ?? DEFAULT_TREES;
  const psi = Math.min(options.sampleSize ?? DEFAULT_SAMPLE_SIZE, n);
  const heightLimit = Math.ceil(Math.log2(Math.max(psi, 2)));
  const random = createSeededRandom(options.seed);
  const builder: TreeBuilder = { data, d, heightLimit, random, feature: [], value: [], left: [], spread: new Float64Array(2 * d) };
  const treeStart = new Int32Array(trees + 1);
  for (let t = 0; t < trees; t++) {
    treeStart[t] = builder.feature.length;
    const rows = sampleIndices(n, psi, random);
    allocateNode(builder);
    growNode(builder, treeStart[t], rows, 0, rows.length, 0);
  }
  treeStart[trees] = builder.feature.length;
  return {
    d,
    trees,
    sampleSize: psi,
    heightLimit,
    treeStart,
    feature: Int32Array.from(builder.feature),
    value: Float64Array.from(builder.value),
    left: Int32Array.from(builder.left),
  };
}

interface TreeBuilder {
  data: Float64Array;
  d: number;
  heightLimit: number;
  random: RandomSource;
  feature: number[];
  value: number[];
  left: number[];
  /** Scratch: per-feature min and max of the current node. */
  spread: Float64Array;
}

function allocateNode(b: TreeBuilder): number {
  b.feature.push(-1);
  b.value.push(0);
  b.left.push(-1);
  return b.feature.length - 1;
}

/**
 * Splits rows[from, to) on a feature drawn among those not constant in the node (a constant
 * feature cannot separate anything; sklearn likewise skips them), at a uniform value in
 * [min, max). A node at the height limit, with one point, or with identical points is a leaf.
 */
function growNode(b: TreeBuilder, node: number, rows: Int32Array, from: number, to: number, depth: number): void {
  const size = to - from;
  const splittable = depth < b.heightLimit && size > 1 ? listSplittableFeatures(b, rows, from, to) : [];
  if (splittable.length === 0) {
    b.value[node] = depth + measureAveragePathLength(size);
    return;
  }
  const q = splittable[drawIndex(b.random, splittable.length)];
  const low = b.spread[2 * q];
  const split = low + b.random() * (b.spread[2 * q + 1] - low);
  let mid = from;
  for (let i = from; i < to; i++) {
    if (b.data[rows[i] * b.d + q] < split) {
      const t = rows[mid];
      rows[mid++] = rows[i];
      rows[i] = t;
    }
  }
  const left = allocateNode(b);
  allocateNode(b);
  b.feature[node] = q;
  b.value[node] = split;
  b.left[node] = left;
  growNode(b, left, rows, from, mid, depth + 1);
  growNode(b, left + 1, rows, mid, to, depth + 1);
}

function listSplittableFeatures(b: TreeBuilder, rows: Int32Array, from: number, to: number): number[] {
  const { data, d, spread } = b;
  const splittable: number[] = [];
  for (let c = 0; c < d; c++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = from; i < to; i++) {
      const v = data[rows[i] * d + c];
      if (v < low) low = v;
      if (v > high) high = v;
    }
    spread[2 * c] = low;
    spread[2 * c + 1] = high;
    if (high > low) splittable.push(c);
  }
  return splittable;
}

/**
 * Anomaly score s = 2^(-E(h(x)) / c(psi)) of every row, in (0, 1]; higher = more anomalous
 * (about 0.5 or less for ordinary points). Scored tree by tree: one tree stays in cache
 * while the rows stream past, and path lengths are summed into one Float64Array.
 */
export function scoreIsolationForest(model: IsolationForestModel, data: Float64Array, n: number): Float64Array {
  const { d, feature, value, left, treeStart } = model;
  const pathSum = new Float64Array(n);
  for (let t = 0; t < model.trees; t++) {
    const root = treeStart[t];
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let node = root;
      while (feature[node] >= 0) node = data[row + feature[node]] < value[node] ? left[node] : left[node] + 1;
      pathSum[i] += value[node];
    }
  }
  const scale = -1 / (model.trees * measureAveragePathLength(model.sampleSize) || 1);
  for (let i = 0; i < n; i++) pathSum[i] = 2 ** (pathSum[i] * scale);
  return pathSum;
}

/** The score of one vector (starting at `offset`): the same number `scoreIsolationForest` gives its row. */
export function scoreIsolationForestVector(model: IsolationForestModel, vector: Float64Array, offset = 0): number {
  return scoreIsolationForest(model, offset === 0 ? vector : vector.subarray(offset, offset + model.d), 1)[0];
}
