// Isolation Forest <-> plain JSON (typed arrays as number arrays; doubles round-trip exactly).
import type { IsolationForestModel } from './isolation-forest.js';

export interface IsolationForestJson {
  d: number;
  trees: number;
  sampleSize: number;
  heightLimit: number;
  treeStart: number[];
  feature: number[];
  value: number[];
  left: number[];
}

export function serializeIsolationForest(model: IsolationForestModel): IsolationForestJson {
  return {
    d: model.d,
    trees: model.trees,
    sampleSize: model.sampleSize,
    heightLimit: model.heightLimit,
    treeStart: Array.from(model.treeStart),
    feature: Array.from(model.feature),
    value: Array.from(model.value),
    left: Array.from(model.left),
  };
}

/** Rebuilds a forest, checking that the arrays agree so a damaged model fails here, not mid-scoring. */
export function parseIsolationForest(json: IsolationForestJson): IsolationForestModel {
  const nodes = json.feature.length;
  if (json.value.length !== nodes || json.left.length !== nodes || json.treeStart.length !== json.trees + 1 || json.treeStart[json.trees] !== nodes) {
    throw new RangeError('isolation forest JSON: array lengths do not match');
  }
  return {
    d: json.d,
    trees: json.trees,
    sampleSize: json.sampleSize,
    heightLimit: json.heightLimit,
    treeStart: Int32Array.from(json.treeStart),
    feature: Int32Array.from(json.feature),
    value: Float64Array.from(json.value),
    left: Int32Array.from(json.left),
  };
}
