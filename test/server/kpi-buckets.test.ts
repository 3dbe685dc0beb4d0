// kpi-trends bucketing: bucket size by window, user-weighted means, gaps as null.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketKpiTrends, chooseBucketHours } from '../../src/server/kpi-buckets.js';

const means = (x: number) => ({
  reciprocity_ratio_norm: x,
  days_since_last_seen_norm: x,
  ratio_night_messages: x,
  is_profile_incomplete: x,
  sentiment_negativity_index: x,
  num_community_categories_norm: x,
});

test('bucket size grows with the window', () => {
  assert.equal(chooseBucketHours(1), 1);
  assert.equal(chooseBucketHours(48), 1);
  assert.equal(chooseBucketHours(49), 6);
  assert.equal(chooseBucketHours(720), 24);
});

test('runs fall in hourly buckets ending at the next hour; means weighted by users; empty buckets null', () => {
  const now = new Date('2026-06-01T10:20:00Z');
  const t = bucketKpiTrends(
    [
      { runId: 1, extractionDate: new Date('2026-06-01T10:05:00Z'), users: 100, means: means(0.2) },
      { runId: 2, extractionDate: new Date('2026-06-01T10:15:00Z'), users: 300, means: means(0.6) },
      { runId: 3, extractionDate: new Date('2026-06-01T08:30:00Z'), users: 50, means: means(0.1) },
      { runId: 4, extractionDate: new Date('2026-05-31T01:00:00Z'), users: 50, means: means(0.9) },
    ],
    3,
    now,
  );
  assert.deepEqual(t.labels, ['2026-06-01T08:00:00.000Z', '2026-06-01T09:00:00.000Z', '2026-06-01T10:00:00.000Z']);
  assert.equal(t.datasets.length, 6);
  assert.equal(t.datasets[0].label, 'Reciprocidad');
  assert.deepEqual(t.datasets[0].data, [0.1, null, 0.5]);
  assert.deepEqual(t.runs, [1, 0, 2]);
  assert.deepEqual(t.users, [50, 0, 400]);
  assert.equal(bucketKpiTrends([], 720, now, 'en').labels.length, 30);
  assert.equal(bucketKpiTrends([], 720, now, 'en').datasets[0].label, 'Reciprocity');
});
