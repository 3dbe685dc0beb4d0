// What DBSCAN keeps to label one new vector later without refitting: its core points, their clusters and eps.
import type { DbscanResult } from './dbscan.js';
import { createEpsTest } from './eps-test.js';
import { buildKdTree, measureBoxMinSq, measurePointSq, type KdTree } from './kd-tree.js';

export interface DbscanModel {
  eps: number;
  minPts: number;
  d: number;
  coreCount: number;
  /** coreCount x d, row-major, in training order. */
  cores: Float64Array;
  /** Cluster of each core. */
  coreLabels: Int32Array;
}

/** Copies the core points of a fitted DBSCAN (and their clusters) into a model. */
export function extractDbscanModel(data: Float64Array, d: number, result: DbscanResult, eps: number, minPts: number): DbscanModel {
  const cores = new Float64Array(result.coreCount * d);
  const coreLabels = new Int32Array(result.coreCount);
  let row = 0;
  for (let i = 0; i < result.isCore.length; i++) {
    if (!result.isCore[i]) continue;
    cores.set(data.subarray(i * d, i * d + d), d * row);
    coreLabels[row++] = result.labels[i];
  }
  return { eps, minPts, d, coreCount: result.coreCount, cores, coreLabels };
}

const treesOfModels = new WeakMap<DbscanModel, KdTree>();

/**
 * DBSCAN label of a new vector: the lowest cluster among the cores strictly within eps, or
 * -1 (noise) when there is none. For a training vector this is exactly its training label:
 * a core finds itself and its own cluster's cores only, a border point gets the lowest
 * cluster within reach as in training, and noise has no core within eps. The model's cores
 * get a k-d tree on first use, kept per model object.
 */
export function labelDbscanVector(model: DbscanModel, vector: Float64Array, offset = 0): number {
  if (model.coreCount === 0) return -1;
  let tree = treesOfModels.get(model);
  if (!tree) {
    tree = buildKdTree(model.cores, model.coreCount, model.d);
    treesOfModels.set(model, tree);
  }
  const within = createEpsTest(model.eps);
  let best = -1;
  const stack = [0];
  while (stack.length > 0 && best !== 0) {
    const node = stack.pop() as number;
    if (measureBoxMinSq(tree, node, vector, offset) > within.outerSq) continue;
    if (tree.left[node] >= 0) {
      stack.push(tree.right[node], tree.left[node]);
      continue;
    }
    for (let p = tree.start[node]; p < tree.end[node]; p++) {
      const label = model.coreLabels[tree.order[p]];
      if (best >= 0 && label >= best) continue;
      if (within.test(measurePointSq(tree, p, vector, offset))) best = label;
    }
  }
  return best;
}
