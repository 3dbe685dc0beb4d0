import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findWorstCluster, orientToRisk, scoreRiskProfile } from '../../src/cluster/worst-cluster.js';

test('the risk profile counts community categories inversely', () => {
  assert.equal(scoreRiskProfile([0, 0, 0, 0, 0, 1]), 0);
  assert.equal(scoreRiskProfile([1, 1, 1, 1, 1, 0]), 1);
  assert.ok(Math.abs(scoreRiskProfile([0.6, 0, 0, 0, 0, 0.4]) - 1.2 / 6) < 1e-15);
  assert.deepEqual([0, 1, 2, 3, 4].map((c) => orientToRisk(c, 0.25)), [0.25, 0.25, 0.25, 0.25, 0.25]);
  assert.equal(orientToRisk(5, 0.25), 0.75);
});

test('the worst cluster has the highest risk profile; ties keep the lower index', () => {
  const centroids = Float64Array.from([
    0.2, 0.2, 0.2, 0, 0.2, 0.8,
    0.2, 0.2, 0.2, 0, 0.2, 0.1, // few communities: riskier
    0.3, 0.3, 0.3, 0, 0.3, 0.9,
  ]);
  assert.equal(findWorstCluster(centroids, 3, 6), 1);
  assert.equal(findWorstCluster(Float64Array.from([...centroids.subarray(6, 12), ...centroids.subarray(6, 12)]), 2, 6), 0);
  assert.throws(() => findWorstCluster(new Float64Array(4), 2, 2), RangeError);
});
