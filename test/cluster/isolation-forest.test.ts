import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IsolationForest } from 'ml-isolation-forest';
import { fitIsolationForest, measureAveragePathLength, scoreIsolationForest, scoreIsolationForestVector } from '../../src/cluster/isolation-forest.js';
import { parseIsolationForest, serializeIsolationForest } from '../../src/cluster/isolation-forest-json.js';
import { calibrateForest, isForestOutlier, measureNormality } from '../../src/cluster/forest-calibration.js';
import { generateSyntheticVectors } from '../../tools/synthetic-vectors.js';
import { measureAuc, measureSpearman } from '../../tools/rank-statistics.js';

const planted = generateSyntheticVectors(3000, { seed: 11, outlierShare: 0.05 });

test('c(n) follows the paper: c(2) = 1, c(256) ~ 10.24', () => {
  assert.equal(measureAveragePathLength(1), 0);
  assert.equal(measureAveragePathLength(2), 1);
  assert.ok(Math.abs(measureAveragePathLength(256) - 10.2447) < 1e-3);
});

test('planted uniform outliers score high (AUC > 0.95)', () => {
  const { data, n, d, isOutlier } = planted;
  const model = fitIsolationForest(data, n, d, { seed: 1 });
  assert.equal(model.sampleSize, 256);
  assert.equal(model.heightLimit, 8);
  const scores = scoreIsolationForest(model, data, n);
  assert.ok(measureAuc(scores, isOutlier) > 0.95);
  assert.ok(scores.every((s) => s > 0 && s <= 1));
});

test('ranks points like ml-isolation-forest (Spearman > 0.8)', () => {
  const { data, n, d } = generateSyntheticVectors(1500, { seed: 12 });
  const ours = scoreIsolationForest(fitIsolationForest(data, n, d, { seed: 2 }), data, n);
  const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
  const reference = new IsolationForest({ nEstimators: 100 });
  reference.train(rows);
  assert.ok(measureSpearman(ours, reference.predict(rows)) > 0.8);
});

test('the same seed grows the same forest; another seed does not', () => {
  const { data, n, d } = planted;
  const a = fitIsolationForest(data, n, d, { seed: 7, trees: 20 });
  assert.deepEqual(fitIsolationForest(data, n, d, { seed: 7, trees: 20 }), a);
  assert.notDeepEqual(fitIsolationForest(data, n, d, { seed: 8, trees: 20 }).value, a.value);
});

test('a forest survives JSON and scores one vector like the batch', () => {
  const { data, n, d } = planted;
  const model = fitIsolationForest(data, n, d, { seed: 3, trees: 30 });
  const restored = parseIsolationForest(JSON.parse(JSON.stringify(serializeIsolationForest(model))));
  assert.deepEqual(restored, model);
  const scores = scoreIsolationForest(model, data, n);
  for (const i of [0, 5, 999, n - 1]) {
    assert.equal(scoreIsolationForestVector(restored, data, i * d), scores[i]);
    assert.equal(scoreIsolationForestVector(restored, data.slice(i * d, i * d + d)), scores[i]);
  }
  assert.throws(() => parseIsolationForest({ ...serializeIsolationForest(model), left: [] }), RangeError);
});

test('tiny and constant inputs give finite scores', () => {
  const model = fitIsolationForest(new Float64Array(12).fill(0.5), 2, 6, { seed: 1 });
  assert.ok(scoreIsolationForest(model, new Float64Array(12).fill(0.5), 2).every(Number.isFinite));
});

test('contamination picks the top share; normality is 1 at the most normal score, 0 at the most anomalous', () => {
  const scores = Float64Array.from({ length: 100 }, (_, i) => 0.3 + i * 0.004);
  const calibration = calibrateForest(scores, 0.05);
  assert.equal(scores.filter((s) => isForestOutlier(s, calibration)).length, 5);
  assert.equal(measureNormality(0.3, calibration), 1);
  assert.equal(measureNormality(scores[99], calibration), 0);
  assert.equal(measureNormality(0.9, calibration), 0);
  assert.equal(measureNormality(0.1, calibration), 1);
  assert.ok(measureNormality(0.5, calibration) > measureNormality(0.6, calibration));
  assert.throws(() => calibrateForest(scores, 1), RangeError);
});
