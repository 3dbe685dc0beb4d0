import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureSilhouette } from '../../src/cluster/silhouette.js';

test('two tight far-apart groups score near 1, a scrambled labelling near or below 0', () => {
  const data = Float64Array.from([0, 0, 0.01, 0, 0, 0.01, 5, 5, 5.01, 5, 5, 5.01]);
  const good = measureSilhouette(data, 6, 2, Int32Array.from([0, 0, 0, 1, 1, 1]), { seed: 1 });
  assert.equal(good.clusters, 2);
  assert.ok((good.score as number) > 0.99);
  const bad = measureSilhouette(data, 6, 2, Int32Array.from([0, 1, 0, 1, 0, 1]), { seed: 1 });
  assert.ok((bad.score as number) < 0.1);
});

test('one cluster has no silhouette; the sample is capped', () => {
  const data = new Float64Array(20).map((_, i) => i);
  assert.equal(measureSilhouette(data, 10, 2, new Int32Array(10), { seed: 1 }).score, null);
  assert.equal(measureSilhouette(data, 10, 2, Int32Array.from({ length: 10 }, (_, i) => i % 2), { seed: 1, sampleSize: 4 }).sampleSize, 4);
});
