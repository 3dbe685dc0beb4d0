// KPI 3's kept message counts: merging an incremental read with the stored counts (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fullCountReason, mergeCounts, type StoredCounts } from '../../src/etl/message-counts.js';

const raw = () => ({
  messaging_user_id: [1, 2, 3, 4, 5],
  profile_id: [11, 12, 13, 14, 15],
  last_seen_epoch: [null, 1, 2, 3, 4],
  messages_count: [0, 3, 5, 0, 2],
  night_messages_count: [0, 1, 2, 0, 2],
  counts_mode: ['kept', 'add', 'recount', 'recount', 'add'],
});

test('kept rows take the stored counts, add rows add to them, recount rows replace them', () => {
  const stored: StoredCounts = new Map([
    [1, [7, 2]],
    [2, [10, 4]],
    [3, [9, 9]],
    [4, [6, 1]],
  ]);
  const m = mergeCounts(raw(), stored);
  assert.deepEqual(m.columns.messages_count, [7, 13, 5, 0, 2]);
  assert.deepEqual(m.columns.night_messages_count, [2, 5, 2, 0, 2]);
  assert.equal('counts_mode' in m.columns, false, 'the merged dataset has the columns of a full read');
  assert.deepEqual(m.columns.profile_id, [11, 12, 13, 14, 15]);
  assert.deepEqual(m.changed, { ids: [2, 3, 4, 5], messages: [13, 5, 0, 2], night: [5, 2, 0, 2] }, 'a sender with no stored row starts from 0');
  assert.equal(m.recounted, 2);
});

test('an unknown counts_mode is an error, not a silent zero', () => {
  const r = raw();
  r.counts_mode[0] = 'other';
  assert.throws(() => mergeCounts(r, new Map()), /unknown counts_mode/);
});

test('stored counts are reused only when they exist and were counted in the same timezone', () => {
  assert.match(fullCountReason(undefined, 'America/Lima')!, /no stored/);
  assert.match(fullCountReason({ timezone: 'UTC', countedThroughId: 5, countedSinceUs: 1 }, 'America/Lima')!, /timezone changed/);
  assert.equal(fullCountReason({ timezone: 'America/Lima', countedThroughId: 5, countedSinceUs: null }, 'America/Lima'), undefined);
});
