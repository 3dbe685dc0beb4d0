import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseEps, chooseMinPts, findKnee, measureKDistance } from '../../src/cluster/choose-eps.js';
import { buildKdTree } from '../../src/cluster/kd-tree.js';
import { generateSyntheticVectors } from '../../tools/synthetic-vectors.js';

test('k-distance from the tree equals the brute-force one (the point itself included)', () => {
  const { data, n, d } = generateSyntheticVectors(800, { seed: 4 });
  const tree = buildKdTree(data, n, d);
  for (const i of [0, 17, 400, 799]) {
    const distances = Array.from({ length: n }, (_, j) => {
      let sq = 0;
      for (let c = 0; c < d; c++) sq += (data[i * d + c] - data[j * d + c]) ** 2;
      return Math.sqrt(sq);
    }).sort((a, b) => a - b);
    assert.ok(Math.abs(measureKDistance(tree, data, i * d, 12) - distances[11]) < 1e-12);
  }
});

test('the knee is where a flat curve turns up', () => {
  const curve = Float64Array.from({ length: 100 }, (_, i) => (i < 80 ? 0.1 + i * 0.0001 : 0.1 + (i - 79) * 0.05));
  const knee = findKnee(curve, 0, 99);
  assert.ok(knee >= 78 && knee <= 81, `knee at ${knee}`);
  assert.equal(findKnee(new Float64Array(10).fill(0.3), 0, 9), -1);
  const withDuplicates = Float64Array.from([...new Array(40).fill(0), ...curve]);
  assert.equal(findKnee(withDuplicates, 40, 139), knee + 40, 'leading zeros do not move the knee');
});

test('eps from the knee leaves about the planted outliers as non-core, and is reproducible', () => {
  const { data, n, d } = generateSyntheticVectors(5000, { seed: 8, outlierShare: 0.05 });
  const minPts = chooseMinPts(d);
  assert.equal(minPts, 12);
  const choice = chooseEps(data, n, d, { minPts, seed: 3, sampleSize: 2000 });
  assert.equal(choice.method, 'knee');
  assert.equal(choice.sampleSize, 2000);
  assert.ok(choice.eps > choice.kDistance.median && choice.eps < choice.kDistance.max);
  assert.ok(choice.nonCoreShare > 0.03 && choice.nonCoreShare < 0.2, `non-core share ${choice.nonCoreShare}`);
  assert.deepEqual(chooseEps(data, n, d, { minPts, seed: 3, sampleSize: 2000 }), choice);
  const byQuantile = chooseEps(data, n, d, { minPts, seed: 3, method: 'quantile', quantile: 0.9 });
  assert.equal(byQuantile.method, 'quantile');
  assert.ok(Math.abs(byQuantile.atQuantile - 0.9) < 1e-3);
});

test('a curve of identical points falls back to a positive eps', () => {
  const data = new Float64Array(60 * 2);
  data.fill(0.5, 0, 100);
  const choice = chooseEps(data, 60, 2, { minPts: 4, seed: 1 });
  assert.ok(choice.eps > 0);
  assert.equal(choice.method, 'floor');
});
