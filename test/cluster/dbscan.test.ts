import { test } from 'node:test';
import assert from 'node:assert/strict';
import clustering from 'density-clustering';
import { runDbscan } from '../../src/cluster/dbscan.js';
import { extractDbscanModel, labelDbscanVector } from '../../src/cluster/dbscan-model.js';
import { generateSyntheticVectors } from '../../tools/synthetic-vectors.js';

/** density-clustering's labels: cluster index, or -1 when the point is in no cluster. */
function labelWithDensityClustering(data: Float64Array, n: number, d: number, eps: number, minPts: number): Int32Array {
  const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
  const clusters = new clustering.DBSCAN().run(rows, eps, minPts);
  const labels = new Int32Array(n).fill(-1);
  clusters.forEach((members, c) => members.forEach((i) => (labels[i] = c)));
  return labels;
}

for (const { eps, minPts, seed } of [
  { eps: 0.12, minPts: 12, seed: 1 },
  { eps: 0.08, minPts: 6, seed: 2 },
  { eps: 0.2, minPts: 20, seed: 3 },
]) {
  test(`same labels as density-clustering (eps ${eps}, minPts ${minPts})`, () => {
    const { data, n, d } = generateSyntheticVectors(2500, { seed });
    const expected = labelWithDensityClustering(data, n, d, eps, minPts);
    const actual = runDbscan(data, n, d, { eps, minPts });
    assert.deepEqual(Array.from(actual.labels), Array.from(expected));
    assert.ok(actual.noiseCount > 0 && actual.noiseCount < n, 'the case has both noise and clusters');
  });
}

test('binary columns with many exact duplicates label like density-clustering', () => {
  const n = 1500;
  const d = 6;
  const { data: base } = generateSyntheticVectors(n, { seed: 9 });
  const data = base.map((v, i) => (i % d === 3 ? (v > 0.5 ? 1 : 0) : i % d === 2 ? Math.round(v * 4) / 4 : v));
  for (let i = 0; i < 300; i++) data.fill(0, i * d, i * d + d);
  const expected = labelWithDensityClustering(data, n, d, 0.1, 12);
  assert.deepEqual(Array.from(runDbscan(data, n, d, { eps: 0.1, minPts: 12 }).labels), Array.from(expected));
});

test('points exactly eps apart are not neighbours (strict <, as density-clustering)', () => {
  const data = Float64Array.from([0, 0, 0.5, 0, 1, 0]);
  const result = runDbscan(data, 3, 2, { eps: 0.5, minPts: 2 });
  assert.deepEqual(Array.from(result.labels), [-1, -1, -1]);
  const closer = runDbscan(data, 3, 2, { eps: 0.5000001, minPts: 2 });
  assert.deepEqual(Array.from(closer.labels), [0, 0, 0]);
  assert.deepEqual(Array.from(closer.isCore), [1, 1, 1]);
});

test('a border point joins the lowest-numbered cluster that reaches it', () => {
  // Two 4-point groups on either side of a border point b at the origin (eps 1, minPts 4):
  // each group's inner point sees b, b sees one inner point per group and itself (3 < 4).
  const left = [-0.9, 0, -1.5, 0, -1.6, 0.1, -1.6, -0.1];
  const right = left.map((v, i) => (i % 2 === 0 ? -v : v));
  const b = [0, 0];
  const leftFirst = runDbscan(Float64Array.from([...left, ...right, ...b]), 9, 2, { eps: 1, minPts: 4 });
  assert.deepEqual(Array.from(leftFirst.labels), [0, 0, 0, 0, 1, 1, 1, 1, 0]);
  assert.equal(leftFirst.isCore[8], 0);
  const rightFirst = runDbscan(Float64Array.from([...b, ...right, ...left]), 9, 2, { eps: 1, minPts: 4 });
  assert.deepEqual(Array.from(rightFirst.labels), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
  const data = Float64Array.from([...b, ...right, ...left]);
  const model = extractDbscanModel(data, 2, rightFirst, 1, 4);
  assert.deepEqual(Array.from({ length: 9 }, (_, i) => labelDbscanVector(model, data, i * 2)), Array.from(rightFirst.labels));
});

test('the model gives every training vector its DBSCAN label back', () => {
  const { data, n, d } = generateSyntheticVectors(2000, { seed: 5 });
  const result = runDbscan(data, n, d, { eps: 0.1, minPts: 12 });
  const model = extractDbscanModel(data, d, result, 0.1, 12);
  assert.equal(model.cores.length, result.coreCount * d);
  for (let i = 0; i < n; i++) {
    assert.equal(labelDbscanVector(model, data, i * d), result.labels[i], `point ${i}`);
  }
  assert.equal(labelDbscanVector(model, Float64Array.from([2, 2, 2, 2, 2, 2])), -1);
});
