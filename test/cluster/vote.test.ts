import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countVotes, decideRiskLevel, type DetectorVotes } from '../../src/cluster/vote.js';

const v = (kmeans: boolean, dbscan: boolean, forest: boolean): DetectorVotes => ({ kmeans, dbscan, forest });

test('majority: two or more votes are high, one moderate, none low', () => {
  assert.equal(countVotes(v(true, true, true)), 3);
  assert.equal(decideRiskLevel(v(true, true, true), 'majority'), 'high');
  assert.equal(decideRiskLevel(v(false, true, true), 'majority'), 'high');
  assert.equal(decideRiskLevel(v(true, false, true), 'majority'), 'high');
  for (const one of [v(true, false, false), v(false, true, false), v(false, false, true)]) {
    assert.equal(decideRiskLevel(one, 'majority'), 'moderate');
  }
  assert.equal(decideRiskLevel(v(false, false, false), 'majority'), 'low');
  assert.equal(decideRiskLevel({ ...v(true, true, false), broad: false }, 'majority'), 'high', 'majority ignores the risk signals');
});

test('broad: a majority is high only with enough risk signals, otherwise moderate', () => {
  const b = (kmeans: boolean, dbscan: boolean, forest: boolean, broad: boolean): DetectorVotes => ({ kmeans, dbscan, forest, broad });
  assert.equal(decideRiskLevel(b(false, true, true, true), 'broad'), 'high');
  assert.equal(decideRiskLevel(b(true, true, true, true), 'broad'), 'high');
  assert.equal(decideRiskLevel(b(false, true, true, false), 'broad'), 'moderate', 'anomalous but narrow');
  assert.equal(decideRiskLevel(b(true, true, true, false), 'broad'), 'moderate');
  assert.equal(decideRiskLevel(b(false, false, true, true), 'broad'), 'moderate', 'broad but one vote');
  assert.equal(decideRiskLevel(b(false, false, false, true), 'broad'), 'low', 'signals alone are no vote');
  assert.equal(countVotes(b(false, true, true, true)), 2, 'the signals are not a vote');
  assert.throws(() => decideRiskLevel(v(true, true, true), 'broad'), RangeError);
});

test('broad: risk signals on all KPIs but one need a single vote to be high (a dense broad group is rarely outvoted twice)', () => {
  const b = (kmeans: boolean, dbscan: boolean, forest: boolean, broadest: boolean): DetectorVotes => ({ kmeans, dbscan, forest, broad: true, broadest });
  assert.equal(decideRiskLevel(b(true, false, false, true), 'broad'), 'high');
  assert.equal(decideRiskLevel(b(true, false, false, false), 'broad'), 'moderate');
  assert.equal(decideRiskLevel(b(false, false, false, true), 'broad'), 'low', 'no vote, no level: signals alone are not a verdict');
  assert.equal(decideRiskLevel(b(true, false, false, true), 'majority'), 'moderate', 'majority ignores them');
});

test('severity (the default): one vote and a severe breadth are high; a vote without it moderate; no vote low', () => {
  const s = (kmeans: boolean, dbscan: boolean, forest: boolean, severe: boolean): DetectorVotes => ({ kmeans, dbscan, forest, severe });
  assert.equal(decideRiskLevel(s(true, false, false, true)), 'high', 'a single vote is enough when severe');
  assert.equal(decideRiskLevel(s(false, true, true, false)), 'moderate', 'two votes are not, without the severity');
  assert.equal(decideRiskLevel(s(false, false, false, true)), 'low', 'no vote, no level');
  assert.equal(decideRiskLevel(s(true, true, true, true), 'severity'), 'high');
  assert.throws(() => decideRiskLevel(v(true, true, true)), RangeError);
});

test('any-strong: a lone outlier-detector vote is high, a lone K-Means vote moderate', () => {
  assert.equal(decideRiskLevel(v(false, true, false), 'any-strong'), 'high');
  assert.equal(decideRiskLevel(v(false, false, true), 'any-strong'), 'high');
  assert.equal(decideRiskLevel(v(true, false, false), 'any-strong'), 'moderate');
  assert.equal(decideRiskLevel(v(true, true, false), 'any-strong'), 'high');
  assert.equal(decideRiskLevel(v(false, false, false), 'any-strong'), 'low');
});
