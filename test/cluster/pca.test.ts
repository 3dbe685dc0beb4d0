import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decomposeSymmetric, fitPca, projectPca } from '../../src/cluster/pca.js';

test('Jacobi recovers the eigenpairs of a symmetric matrix', () => {
  const m = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
  const { values, vectors } = decomposeSymmetric(m, 3);
  for (let j = 0; j < 3; j++) {
    for (let r = 0; r < 3; r++) {
      let mv = 0;
      for (let c = 0; c < 3; c++) mv += m[r * 3 + c] * vectors[c * 3 + j];
      assert.ok(Math.abs(mv - values[j] * vectors[r * 3 + j]) < 1e-10);
    }
  }
  assert.ok(Math.abs(values.reduce((s, x) => s + x, 0) - 9) < 1e-10);
});

test('the first axis follows the direction of largest spread, with a positive largest loading', () => {
  // Points along the anti-diagonal x = -y in 3-D plus a little noise on z.
  const rows = [-2, 2, 0.1, -1, 1, -0.1, 0, 0, 0.05, 1, -1, -0.05, 2, -2, 0];
  const data = Float64Array.from(rows);
  const pca = fitPca(data, 5, 3);
  assert.ok(Math.abs(pca.axes[0] - Math.SQRT1_2) < 1e-3, 'x and y tie in magnitude: the first one is made positive');
  assert.ok(Math.abs(pca.axes[0] + pca.axes[1]) < 1e-12);
  assert.ok(Math.abs(pca.axes[5]) > 0.99, 'the second axis is z');
  assert.ok(pca.varianceRatio[0] > 0.99 && pca.varianceRatio[0] + pca.varianceRatio[1] <= 1 + 1e-12);
  const points = projectPca(pca, data, 5);
  assert.equal(points.length, 10);
  assert.ok(Math.abs(points[0] + points[8]) < 1e-2, 'symmetric points project symmetrically');
  assert.ok(points[8] > 0, 'the point at (2, -2) lies on the positive side');
});

test('the sign convention makes the result independent of point order', () => {
  const data = Float64Array.from([0, 0, 1, 2, 2, 1, 3, 3.5, 0.5, 0.2]);
  const reversed = Float64Array.from([0.5, 0.2, 3, 3.5, 2, 1, 1, 2, 0, 0]);
  const a = fitPca(data, 5, 2);
  const b = fitPca(reversed, 5, 2);
  a.axes.forEach((x, i) => assert.ok(Math.abs(x - b.axes[i]) < 1e-9));
});
