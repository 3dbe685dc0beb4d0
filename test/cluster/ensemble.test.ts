import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEnsemble, scoreVector } from '../../src/cluster/ensemble.js';
import { parseEnsembleModel, serializeEnsembleModel } from '../../src/cluster/ensemble-model-json.js';
import { decideRiskLevel } from '../../src/cluster/vote.js';
import { generateSyntheticVectors } from './synthetic-vectors.js';
import { measureAuc } from './rank-statistics.js';

const { data, n, d, isOutlier } = generateSyntheticVectors(2000, { seed: 21 });
const result = runEnsemble(data, n, d, { seed: 5 });

test('every point gets labels, votes, a level and an ASI in range', () => {
  assert.equal(result.level.length, n);
  assert.equal(result.levelCounts.high + result.levelCounts.moderate + result.levelCounts.low, n);
  for (let i = 0; i < n; i++) {
    assert.ok(result.votes[i] <= 3);
    assert.ok(result.asi[i] >= 0 && result.asi[i] <= 100);
    assert.ok(result.kmeansLabel[i] >= 0 && result.kmeansLabel[i] < 4);
  }
  assert.equal(result.eps.method, 'knee');
  assert.ok(Object.values(result.timings).every((ms) => ms >= 0));
});

test('planted outliers get more votes and a higher ASI than the blobs', () => {
  assert.ok(measureAuc(result.asi, isOutlier) > 0.95);
  const highShareOf = (want: number) => {
    let high = 0;
    let all = 0;
    for (let i = 0; i < n; i++) if (isOutlier[i] === want) (all++, result.level[i] === 'high' && high++);
    return high / all;
  };
  assert.ok(highShareOf(1) > 0.5, `outliers high: ${highShareOf(1)}`);
  assert.ok(highShareOf(0) < 0.05, `inliers high: ${highShareOf(0)}`);
});

test('levels follow the votes: majority by default', () => {
  for (let i = 0; i < n; i++) {
    const expected = result.votes[i] >= 2 ? 'high' : result.votes[i] === 1 ? 'moderate' : 'low';
    assert.equal(result.level[i], expected);
  }
});

test('scoring each training vector with the model gives back its verdict', () => {
  for (let i = 0; i < n; i++) {
    const verdict = scoreVector(result.model, data.slice(i * d, i * d + d));
    assert.equal(verdict.level, result.level[i], `point ${i}`);
    assert.ok(Math.abs(verdict.asi - result.asi[i]) <= 1e-9, `point ${i}`);
    assert.equal(verdict.dbscanLabel, result.dbscanLabel[i]);
    assert.equal(verdict.kmeansLabel, result.kmeansLabel[i]);
  }
});

test('a model survives JSON and scores vectors identically', () => {
  const restored = parseEnsembleModel(JSON.parse(JSON.stringify(serializeEnsembleModel(result.model))));
  assert.deepEqual(restored, result.model);
  for (const i of [0, 13, 700, n - 1]) {
    assert.deepEqual(scoreVector(restored, data.slice(i * d, i * d + d)), scoreVector(result.model, data.slice(i * d, i * d + d)));
  }
});

test('the same seed reproduces the run; options are honoured', () => {
  const again = runEnsemble(data, n, d, { seed: 5 });
  assert.deepEqual(again.level, result.level);
  assert.deepEqual(again.asi, result.asi);
  const given = runEnsemble(data, n, d, { seed: 5, eps: 0.15, minPts: 8, k: 3, contamination: 0.1 });
  assert.deepEqual(given.eps, { eps: 0.15, minPts: 8, method: 'given' });
  assert.equal(given.model.kmeans.k, 3);
  assert.ok(Math.abs(given.forestScore.filter((s) => s > given.model.forestCalibration.threshold).length - 0.1 * n) <= 1);
  const anyStrong = runEnsemble(data, n, d, { seed: 5, voteRule: 'any-strong' });
  assert.ok(anyStrong.levelCounts.high >= result.levelCounts.high);
  for (let i = 0; i < n; i++) {
    const votes = { kmeans: anyStrong.kmeansLabel[i] === anyStrong.model.kmeans.worstCluster, dbscan: anyStrong.dbscanLabel[i] < 0, forest: anyStrong.forestScore[i] > anyStrong.model.forestCalibration.threshold };
    assert.equal(anyStrong.level[i], decideRiskLevel(votes, 'any-strong'));
  }
});

test('bad input is refused with the row and column', () => {
  const bad = data.slice(0, 60);
  bad[14] = Number.NaN;
  assert.throws(() => runEnsemble(bad, 10, 6, { seed: 1 }), /row 2, column ratio_night_messages/);
  assert.throws(() => runEnsemble(data, n, 5, { seed: 1 }), RangeError);
});
