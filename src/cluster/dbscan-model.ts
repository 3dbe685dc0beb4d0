// What DBSCAN keeps to label one new vector later without refitting: its core points and eps.
import type { DbscanResult } from './dbscan.js';
import { createEpsTest } from './eps-test.js';
import { buildKdTree, measureBoxMinSq, measurePointSq, type KdTree } from './kd-tree.js';

export interface DbscanModel {
  eps: number;
  minPts: number;
  d: number;
  coreCount: number;
  /** coreCount x d, row-major. */
  cores: Float64Array;
}

/** Copies the core points of a fitted DBSCAN into a model. */
export function extractDbscanModel(data: Float64Array, d: number, result: DbscanResult, eps: number, minPts: number): DbscanModel {
  const cores = new Float64Array(result.coreCount * d);
  let row = 0;
  for (let i = 0; i < result.isCore.length; i++) {
    if (result.isCore[i]) cores.set(data.subarray(i * d, i * d + d), d * row++);
  }
  return { eps, minPts, d, coreCount: result.coreCount, cores };
}

const treesOfModels = new WeakMap<DbscanModel, KdTree>();

/**
 * A new vector is noise when no core point lies strictly within eps of it: for a training
 * vector that is exactly DBSCAN's own verdict (cores and border points have a core within
 * eps, noise has none). The model's cores get a k-d tree on first use, kept per model.
 */
export function isDbscanNoise(model: DbscanModel, vector: Float64Array, offset = 0): boolean {
  if (model.coreCount === 0) return true;
  let tree = treesOfModels.get(model);
  if (!tree) {
    tree = buildKdTree(model.cores, model.coreCount, model.d);
    treesOfModels.set(model, tree);
  }
  const within = createEpsTest(model.eps);
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (measureBoxMinSq(tree, node, vector, offset) > within.outerSq) continue;
    if (tree.left[node] >= 0) {
      stack.push(tree.right[node], tree.left[node]);
      continue;
    }
    for (let p = tree.start[node]; p < tree.end[node]; p++) {
      if (within.test(measurePointSq(tree, p, vector, offset))) return false;
    }
  }
  return true;
}
