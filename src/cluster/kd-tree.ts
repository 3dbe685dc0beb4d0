// A k-d tree in flat typed arrays: the neighbour index behind DBSCAN and its eps choice.

/**
 * Nodes are stored in parallel typed arrays; node 0 is the root. Each node covers the
 * points at tree positions [start, end) of `points` (a reordered copy of the data, so a
 * leaf's points are contiguous in memory) and keeps their tight bounding box.
 */
export interface KdTree {
  n: number;
  d: number;
  nodeCount: number;
  /** n x d, rows in tree order. */
  points: Float64Array;
  /** Tree position -> original row index. */
  order: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** Child node indices; -1 on a leaf. */
  left: Int32Array;
  right: Int32Array;
  /** nodeCount x d bounding boxes. */
  boxLow: Float64Array;
  boxHigh: Float64Array;
}

/** @default 16 points per leaf: small enough to prune, large enough to keep the tree shallow. */
export const DEFAULT_LEAF_SIZE = 16;

/**
 * Builds the tree by splitting at the median of the widest box side. A node whose points
 * are all identical stays a leaf whatever its size: binary KPIs make many exact duplicates,
 * and a zero-size box lets a query count them all at once.
 */
export function buildKdTree(data: Float64Array, n: number, d: number, leafSize = DEFAULT_LEAF_SIZE): KdTree {
  const minLeaf = Math.max(1, Math.floor((leafSize + 1) / 2));
  const capacity = 2 * Math.max(1, Math.ceil(n / minLeaf));
  const tree: KdTree = {
    n,
    d,
    nodeCount: 0,
    points: new Float64Array(n * d),
    order: Int32Array.from({ length: n }, (_, i) => i),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    left: new Int32Array(capacity),
    right: new Int32Array(capacity),
    boxLow: new Float64Array(capacity * d),
    boxHigh: new Float64Array(capacity * d),
  };
  if (n > 0) buildNode(tree, data, 0, n, leafSize);
  for (let p = 0; p < n; p++) tree.points.set(data.subarray(tree.order[p] * d, tree.order[p] * d + d), p * d);
  return tree;
}

function buildNode(tree: KdTree, data: Float64Array, start: number, end: number, leafSize: number): number {
  const { d, order, boxLow, boxHigh } = tree;
  const node = tree.nodeCount++;
  tree.start[node] = start;
  tree.end[node] = end;
  tree.left[node] = -1;
  tree.right[node] = -1;
  const base = node * d;
  boxLow.fill(Infinity, base, base + d);
  boxHigh.fill(-Infinity, base, base + d);
  for (let p = start; p < end; p++) {
    const row = order[p] * d;
    for (let c = 0; c < d; c++) {
      const v = data[row + c];
      if (v < boxLow[base + c]) boxLow[base + c] = v;
      if (v > boxHigh[base + c]) boxHigh[base + c] = v;
    }
  }
  let dim = 0;
  for (let c = 1; c < d; c++) {
    if (boxHigh[base + c] - boxLow[base + c] > boxHigh[base + dim] - boxLow[base + dim]) dim = c;
  }
  if (end - start <= leafSize || boxHigh[base + dim] === boxLow[base + dim]) return node;
  const mid = (start + end) >> 1;
  selectNth(order, data, d, dim, start, end - 1, mid);
  tree.left[node] = buildNode(tree, data, start, mid, leafSize);
  tree.right[node] = buildNode(tree, data, mid, end, leafSize);
  return node;
}

/** Hoare quickselect: afterwards order[nth] holds the nth smallest value of column `dim`. */
function selectNth(order: Int32Array, data: Float64Array, d: number, dim: number, lo: number, hi: number, nth: number): void {
  while (hi > lo) {
    const pivot = data[order[(lo + hi) >> 1] * d + dim];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (data[order[i] * d + dim] < pivot) i++;
      while (data[order[j] * d + dim] > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

/** Squared distance from the query row at `q[offset..]` to the nearest point of a node's box. */
export function measureBoxMinSq(tree: KdTree, node: number, q: Float64Array, offset: number): number {
  const { d, boxLow, boxHigh } = tree;
  let sq = 0;
  for (let c = 0; c < d; c++) {
    const v = q[offset + c];
    const lo = boxLow[node * d + c];
    const hi = boxHigh[node * d + c];
    const gap = v < lo ? lo - v : v > hi ? v - hi : 0;
    sq += gap * gap;
  }
  return sq;
}

/** Squared distance from the query row to the farthest corner of a node's box. */
export function measureBoxMaxSq(tree: KdTree, node: number, q: Float64Array, offset: number): number {
  const { d, boxLow, boxHigh } = tree;
  let sq = 0;
  for (let c = 0; c < d; c++) {
    const v = q[offset + c];
    const gap = Math.max(v - boxLow[node * d + c], boxHigh[node * d + c] - v);
    sq += gap * gap;
  }
  return sq;
}

/**
 * Squared distance between a query row and the point at tree position `p`, summed from the
 * last column to the first: the order density-clustering uses, so `Math.sqrt` of it is
 * bit-for-bit the distance it compares with eps.
 */
export function measurePointSq(tree: KdTree, p: number, q: Float64Array, offset: number): number {
  const { d, points } = tree;
  let sq = 0;
  for (let c = d - 1; c >= 0; c--) {
    const diff = q[offset + c] - points[p * d + c];
    sq += diff * diff;
  }
  return sq;
}
