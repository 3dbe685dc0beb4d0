import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeAsi, scaleCentroidDistance } from '../../src/cluster/severity.js';

test('ASI follows the SPEC weights and spans 0-100', () => {
  assert.equal(computeAsi(1, false, 0), 0);
  assert.equal(computeAsi(0, true, 1), 100);
  assert.ok(Math.abs(computeAsi(0.5, false, 0) - 25) < 1e-12);
  assert.ok(Math.abs(computeAsi(1, true, 0) - 30) < 1e-12);
  assert.ok(Math.abs(computeAsi(1, false, 0.5) - 10) < 1e-12);
});

test('centroid distance is scaled by the largest training distance and clipped', () => {
  assert.equal(scaleCentroidDistance(0.2, 0.4), 0.5);
  assert.equal(scaleCentroidDistance(0.8, 0.4), 1);
  assert.equal(scaleCentroidDistance(0.3, 0), 0);
});
