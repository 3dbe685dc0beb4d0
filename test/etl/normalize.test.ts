import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyWinsorMinMax, fitWinsorMinMax, normalizeColumn, quantileSorted } from '../../src/etl/normalize.js';

test('quantile interpolates linearly between order statistics', () => {
  assert.equal(quantileSorted([0, 10], 0.5), 5);
  assert.equal(quantileSorted([1, 2, 3, 4, 5], 1), 5);
  assert.equal(quantileSorted([1, 2, 3, 4, 5], 0), 1);
  assert.ok(Math.abs(quantileSorted([0.5, 1, 10], 0.99) - (1 + 9 * 0.98)) < 1e-12);
});

test('winsorising clips the long tail so one extreme user does not squash everybody else', () => {
  const values = Array.from({ length: 1000 }, (_, i) => i % 10);
  values.push(1_000_000);
  const p = fitWinsorMinMax('x', values, 0.99);
  assert.equal(p.max, 1_000_000);
  assert.ok(p.clip < 10, 'the 99th percentile ignores the single outlier');
  const norm = normalizeColumn(values, p);
  assert.equal(norm[norm.length - 1], 1, 'the outlier is clipped to 1');
  assert.ok(Math.abs(norm[9] - 9 / p.clip) < 1e-12, 'ordinary values spread over [0,1]');
});

test('min-max maps min to 0 and clip to 1; constant columns map to 0; later values clamp into [0,1]', () => {
  const p = fitWinsorMinMax('x', [2, 4, 6], 1);
  assert.deepEqual([...normalizeColumn([2, 4, 6], p)], [0, 0.5, 1]);
  assert.equal(applyWinsorMinMax(100, p), 1);
  assert.equal(applyWinsorMinMax(-5, p), 0);
  const flat = fitWinsorMinMax('y', [3, 3, 3], 0.99);
  assert.deepEqual([...normalizeColumn([3, 3], flat)], [0, 0]);
  assert.deepEqual(fitWinsorMinMax('z', [], 0.99), { kpi: 'z', min: 0, max: 0, clip: 0, quantile: 0.99 });
});
