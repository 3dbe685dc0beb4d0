import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignNearestCentroid, fitKMeans } from '../../src/cluster/kmeans.js';
import { generateSyntheticVectors } from '../../tools/synthetic-vectors.js';

test('k-means finds two well separated groups and measures distances to them', () => {
  const data = Float64Array.from([0, 0, 0.1, 0, 0, 0.1, 1, 1, 0.9, 1, 1, 0.9]);
  const fit = fitKMeans(data, 6, 2, { k: 2, seed: 1 });
  const [a, b] = [fit.labels[0], fit.labels[3]];
  assert.notEqual(a, b);
  assert.deepEqual(Array.from(fit.labels), [a, a, a, b, b, b]);
  assert.ok(Math.abs(fit.centroids[a * 2] - 0.1 / 3) < 1e-12);
  assert.ok(Math.abs(fit.distances[0] - Math.hypot(0.1 / 3, 0.1 / 3)) < 1e-12);
});

test('the same seed gives the same labels; each label is the nearest final centroid', () => {
  const { data, n, d } = generateSyntheticVectors(3000, { seed: 2 });
  const first = fitKMeans(data, n, d, { k: 4, seed: 42 });
  const again = fitKMeans(data, n, d, { k: 4, seed: 42 });
  assert.deepEqual(again.labels, first.labels);
  assert.deepEqual(again.centroids, first.centroids);
  for (let i = 0; i < n; i += 37) {
    const nearest = assignNearestCentroid(first.centroids, first.k, d, data, i * d);
    assert.equal(nearest.label, first.labels[i]);
    assert.equal(nearest.distance, first.distances[i]);
  }
});

test('fewer points than clusters is refused', () => {
  assert.throws(() => fitKMeans(new Float64Array(6), 1, 6, { k: 4, seed: 1 }), RangeError);
});
