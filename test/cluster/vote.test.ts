import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countVotes, decideRiskLevel, type DetectorVotes } from '../../src/cluster/vote.js';

const v = (kmeans: boolean, dbscan: boolean, forest: boolean): DetectorVotes => ({ kmeans, dbscan, forest });

test('majority: two or more votes are high, one moderate, none low', () => {
  assert.equal(countVotes(v(true, true, true)), 3);
  assert.equal(decideRiskLevel(v(true, true, true)), 'high');
  assert.equal(decideRiskLevel(v(false, true, true)), 'high');
  assert.equal(decideRiskLevel(v(true, false, true)), 'high');
  for (const one of [v(true, false, false), v(false, true, false), v(false, false, true)]) {
    assert.equal(decideRiskLevel(one, 'majority'), 'moderate');
  }
  assert.equal(decideRiskLevel(v(false, false, false)), 'low');
});

test('any-strong: a lone outlier-detector vote is high, a lone K-Means vote moderate', () => {
  assert.equal(decideRiskLevel(v(false, true, false), 'any-strong'), 'high');
  assert.equal(decideRiskLevel(v(false, false, true), 'any-strong'), 'high');
  assert.equal(decideRiskLevel(v(true, false, false), 'any-strong'), 'moderate');
  assert.equal(decideRiskLevel(v(true, true, false), 'any-strong'), 'high');
  assert.equal(decideRiskLevel(v(false, false, false), 'any-strong'), 'low');
});
