import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  computeDaysSinceLastSeen,
  computeNightMessageRatio,
  computeReciprocityRatio,
  countCommunityCategories,
  DAYS_WHEN_NEVER_SEEN,
  hasTag,
} from '../../src/model/kpi-formulas.js';
import { communityColumn, interestColumn, oneHotColumns } from '../../src/model/feature-vector.js';

test('reciprocity: following / max(followers, 1); followers 0 is the most isolated, not 0 (seed bug fixed)', () => {
  assert.equal(computeReciprocityRatio(10, 0), 10);
  assert.equal(computeReciprocityRatio(10, 1), 10);
  assert.equal(computeReciprocityRatio(5, 10), 0.5);
  assert.equal(computeReciprocityRatio(0, 0), 0);
  assert.ok(computeReciprocityRatio(10, 0) > computeReciprocityRatio(10, 5));
});

test('days since last seen: fractional days, 365 when unknown, never negative', () => {
  const ref = Date.UTC(2026, 5, 10, 12) / 1000;
  assert.equal(computeDaysSinceLastSeen(ref - 2 * 86400, ref), 2);
  assert.equal(computeDaysSinceLastSeen(ref - 36 * 3600, ref), 1.5);
  assert.equal(computeDaysSinceLastSeen(null, ref), DAYS_WHEN_NEVER_SEEN);
  assert.equal(computeDaysSinceLastSeen(undefined, ref), 365);
  assert.equal(computeDaysSinceLastSeen(ref + 3600, ref), 0, 'clock skew: a last_seen in the future counts as now');
});

test('night ratio: 0 with no messages, share otherwise', () => {
  assert.equal(computeNightMessageRatio(0, 0), 0);
  assert.equal(computeNightMessageRatio(null, null), 0);
  assert.equal(computeNightMessageRatio(3, 4), 0.75);
  assert.equal(computeNightMessageRatio(4, 4), 1);
});

test('community categories: distinct, accent and case insensitive; none -> 0', () => {
  assert.equal(countCommunityCategories(null), 0);
  assert.equal(countCommunityCategories([]), 0);
  assert.equal(countCommunityCategories(['Música', 'musica', 'MUSICA', 'Arte']), 2);
});

test('one-hot tags match accent and case insensitively; column names are slugged', () => {
  assert.equal(hasTag(['Gaming', 'musica'], 'gaming'), true);
  assert.equal(hasTag(['Música'], 'musica'), true);
  assert.equal(hasTag(null, 'gaming'), false);
  assert.equal(hasTag([], 'gaming'), false);
  assert.equal(interestColumn('Gaming'), 'int_gaming_one_hot');
  assert.equal(communityColumn('Voluntariado'), 'comm_voluntariado_one_hot');
  assert.equal(communityColumn('Música y Arte'), 'comm_musica_y_arte_one_hot');
  assert.deepEqual(oneHotColumns(['Gaming', 'gaming', 'Música'], ['Arte', 'arte']), ['int_gaming_one_hot', 'int_musica_one_hot', 'comm_arte_one_hot']);
});
