// DBSCAN over a k-d tree: the labels of density-clustering's pairwise DBSCAN, at 1M points.
import { buildKdTree, measureBoxMaxSq, measureBoxMinSq, measurePointSq, type KdTree } from './kd-tree.js';
import { createEpsTest, type EpsTest } from './eps-test.js';
import { linkCores } from './link-cores.js';

export interface DbscanOptions {
  /** Neighbourhood radius; a neighbour is strictly closer than eps (as in density-clustering). */
  eps: number;
  /** Points within eps, the point itself included, that make a point core. */
  minPts: number;
}

export interface DbscanResult {
  /** Cluster of each point, -1 for noise (in no cluster). */
  labels: Int32Array;
  /** 1 for core points. */
  isCore: Uint8Array;
  clusterCount: number;
  coreCount: number;
  noiseCount: number;
}

/**
 * Labels every point exactly as density-clustering 1.3 does, cluster numbers included:
 * its clusters start at the lowest-index core point not yet clustered and expand over
 * core-to-core links, and a border point joins the first cluster that reaches it, i.e. the
 * lowest-numbered cluster with a core within eps. Here that is computed in three passes:
 * 1. core test: count neighbours with the tree, stopping at minPts (dense areas cost
 *    ~minPts distances; boxes wholly inside eps are counted without distances);
 * 2. clusters: core-to-core links in a union-find (see link-cores.ts), numbered by lowest index;
 * 3. border points: the lowest cluster among the cores within eps.
 * A k-d tree rather than an eps-grid: in 6 dimensions a grid cell has 728 neighbour cells and
 * the duplicates of binary KPIs pile up in single cells, while the tree adapts to density.
 */
export function runDbscan(data: Float64Array, n: number, d: number, options: DbscanOptions, tree?: KdTree): DbscanResult {
  const { eps, minPts } = options;
  if (!(eps > 0)) throw new RangeError(`DBSCAN eps must be > 0, got ${eps}`);
  const index = tree ?? buildKdTree(data, n, d);
  const within = createEpsTest(eps);
  const coreAt = markCores(index, within, minPts);
  const nodeCores = countNodeCores(index, coreAt);
  const { labelAt, clusterCount } = linkCores(index, within, coreAt, nodeCores);
  attachBorders(index, within, coreAt, nodeCores, labelAt);

  const labels = new Int32Array(n);
  const isCore = new Uint8Array(n);
  let coreCount = 0;
  let noiseCount = 0;
  for (let p = 0; p < n; p++) {
    labels[index.order[p]] = labelAt[p];
    isCore[index.order[p]] = coreAt[p];
    coreCount += coreAt[p];
    if (labelAt[p] < 0) noiseCount++;
  }
  return { labels, isCore, clusterCount, coreCount, noiseCount };
}

function markCores(tree: KdTree, within: EpsTest, minPts: number): Uint8Array {
  const coreAt = new Uint8Array(tree.n);
  const stack = new Int32Array(256);
  for (let p = 0; p < tree.n; p++) {
    if (countNeighbours(tree, within, tree.points, p * tree.d, minPts, stack) >= minPts) coreAt[p] = 1;
  }
  return coreAt;
}

/** Points strictly within eps of the query, counting stops once `limit` is reached. */
function countNeighbours(tree: KdTree, within: EpsTest, q: Float64Array, offset: number, limit: number, stack: Int32Array): number {
  let count = 0;
  let top = 0;
  stack[top++] = 0;
  while (top > 0 && count < limit) {
    const node = stack[--top];
    if (measureBoxMinSq(tree, node, q, offset) > within.outerSq) continue;
    if (measureBoxMaxSq(tree, node, q, offset) < within.innerSq) {
      count += tree.end[node] - tree.start[node];
      continue;
    }
    const left = tree.left[node];
    if (left < 0) {
      for (let p = tree.start[node]; p < tree.end[node]; p++) {
        if (within.test(measurePointSq(tree, p, q, offset))) count++;
      }
      continue;
    }
    const right = tree.right[node];
    const leftFirst = measureBoxMinSq(tree, left, q, offset) <= measureBoxMinSq(tree, right, q, offset);
    stack[top++] = leftFirst ? right : left;
    stack[top++] = leftFirst ? left : right;
  }
  return count;
}

/** Cores per node; children are created after their parent, so a backward pass sums them. */
function countNodeCores(tree: KdTree, coreAt: Uint8Array): Int32Array {
  const nodeCores = new Int32Array(tree.nodeCount);
  for (let node = tree.nodeCount - 1; node >= 0; node--) {
    if (tree.left[node] >= 0) {
      nodeCores[node] = nodeCores[tree.left[node]] + nodeCores[tree.right[node]];
    } else {
      for (let p = tree.start[node]; p < tree.end[node]; p++) nodeCores[node] += coreAt[p];
    }
  }
  return nodeCores;
}

function attachBorders(tree: KdTree, within: EpsTest, coreAt: Uint8Array, nodeCores: Int32Array, labelAt: Int32Array): void {
  const stack = new Int32Array(256);
  for (let p = 0; p < tree.n; p++) {
    if (coreAt[p]) continue;
    const offset = p * tree.d;
    let best = -1;
    let top = 0;
    stack[top++] = 0;
    while (top > 0 && best !== 0) {
      const node = stack[--top];
      if (nodeCores[node] === 0 || measureBoxMinSq(tree, node, tree.points, offset) > within.outerSq) continue;
      if (tree.left[node] >= 0) {
        stack[top++] = tree.left[node];
        stack[top++] = tree.right[node];
        continue;
      }
      for (let c = tree.start[node]; c < tree.end[node]; c++) {
        if (!coreAt[c] || (best >= 0 && labelAt[c] >= best)) continue;
        if (within.test(measurePointSq(tree, c, tree.points, offset))) best = labelAt[c];
      }
    }
    labelAt[p] = best;
  }
}
