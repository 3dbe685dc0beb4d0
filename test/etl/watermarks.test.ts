import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMicros, parseMicros } from '../../src/etl/micros.js';
import { WatermarkTracker } from '../../src/etl/watermarks.js';

test('first run: every row is accepted and the watermark is the largest value with its keys', () => {
  const t = new WatermarkTracker(undefined);
  assert.equal(t.next(), undefined);
  assert.ok(t.accept(1, 100));
  assert.ok(t.accept(2, 300));
  assert.ok(t.accept(3, 300));
  assert.ok(t.accept(4, 200));
  assert.deepEqual(t.next(), { lastUs: 300, keys: [2, 3] });
});

test('inclusive lower bound: rows read at exactly the watermark are dropped by key, new ones at the same instant kept', () => {
  const t = new WatermarkTracker({ lastUs: 300, keys: [2, 3] });
  assert.equal(t.accept(2, 300), false);
  assert.equal(t.accept(3, 300), false);
  assert.equal(t.accept(5, 300), true, 'a row committed later with the same timestamp is not lost');
  assert.equal(t.accept(2, 301), true, 'an edited row comes back');
  assert.deepEqual(t.next(), { lastUs: 301, keys: [2] });
});

test('nothing new: the watermark stays where it was', () => {
  const t = new WatermarkTracker({ lastUs: 300, keys: [2] });
  assert.equal(t.accept(2, 300), false);
  assert.deepEqual(t.next(), { lastUs: 300, keys: [2] });
});

test('formatMicros keeps microseconds exactly', () => {
  assert.equal(formatMicros(Date.UTC(2026, 0, 2, 3, 4, 5, 678) * 1000 + 901), '2026-01-02T03:04:05.678901Z');
  assert.equal(formatMicros(Date.UTC(2026, 0, 2) * 1000 + 7), '2026-01-02T00:00:00.000007Z');
});

test('parseMicros reads what formatMicros writes, and refuses anything else', () => {
  for (const us of [Date.UTC(2026, 0, 2, 3, 4, 5, 678) * 1000 + 901, Date.UTC(1999, 11, 31, 23, 59, 59) * 1000 + 999_999, 0]) {
    assert.equal(parseMicros(formatMicros(us)), us);
  }
  assert.equal(parseMicros('2026-01-02T03:04:05Z'), Date.UTC(2026, 0, 2, 3, 4, 5) * 1000);
  assert.equal(parseMicros('2026-01-02T03:04:05.5Z'), Date.UTC(2026, 0, 2, 3, 4, 5, 500) * 1000);
  assert.throws(() => parseMicros('2026-01-02 03:04:05+00'), /not an ISO-8601 UTC timestamp/);
  assert.throws(() => parseMicros('yesterday'), /not an ISO-8601 UTC timestamp/);
});
