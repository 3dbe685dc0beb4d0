// The one range definition: words, checks, flag parsing, JSON schemas and the reference time's bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../src/errors.js';
import { describeRange, inRange, INPUT_RANGES as R, parseInRange, parseReferenceTimeValue, quoteValue, rangeSchema, REFERENCE_TIME_SKEW_MS } from '../src/input-ranges.js';

test('ranges in words, and the checks that go with them', () => {
  assert.equal(describeRange(R.k), 'a whole number from 2 to 50');
  assert.equal(describeRange(R.eps), 'a number > 0 and <= 2.5');
  assert.equal(R.seed.max, 4294967295, 'seeds are 32-bit unsigned');
  assert.ok(R.minPts.max <= 500, 'minPts stays at a few hundred');
  for (const x of [NaN, Infinity, -Infinity, 1.5, 1, 51]) assert.equal(inRange(R.k, x), false, String(x));
  assert.equal(inRange(R.k, 2), true);
  assert.equal(inRange(R.eps, 0), false);
  assert.equal(inRange(R.eps, 1e-9), true);
  assert.equal(inRange(R.contamination, 0.5), true);
  assert.equal(inRange(R.contamination, 0.51), false);
});

test('flag values: decimal notation only; the error names the flag and the range, the value quoted on one line', () => {
  assert.equal(parseInRange('--k', R.k, '12'), 12);
  assert.equal(parseInRange('--k', R.k, '1e1'), 10);
  assert.equal(parseInRange('--eps', R.eps, '.25'), 0.25);
  for (const raw of ['', ' ', '0x10', 'Infinity', '1e400', 'NaN', '7 8', '１２', undefined]) {
    assert.throws(() => parseInRange('--k', R.k, raw), (e: Error) => e instanceof ConfigError && e.message.startsWith('--k must be a whole number from 2 to 50, got '), String(raw));
  }
  assert.equal(quoteValue('a\nb'), '"a\\nb"');
  assert.equal(quoteValue('x'.repeat(100)).length, 45);
});

test('JSON schema of a range: bounds, the range words, extra fields', () => {
  assert.deepEqual(rangeSchema(R.eps, { description: 'radius' }), { type: 'number', exclusiveMinimum: 0, maximum: 2.5, 'x-range': 'a number > 0 and <= 2.5', description: 'radius' });
  assert.deepEqual(rangeSchema(R.limit), { type: 'integer', minimum: 1, maximum: 500, 'x-range': 'a whole number from 1 to 500' });
});

test('reference time: ISO 8601 from 2000-01-01 to a small skew ahead of the clock', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  assert.equal(parseReferenceTimeValue('2026-06-01T10:00:00Z', now)?.toISOString(), '2026-06-01T10:00:00.000Z');
  assert.equal(parseReferenceTimeValue('2000-01-01T00:00:00Z', now)?.toISOString(), '2000-01-01T00:00:00.000Z');
  assert.equal(parseReferenceTimeValue('2026-06-01', now)?.toISOString(), '2026-06-01T00:00:00.000Z');
  assert.ok(parseReferenceTimeValue(new Date(now + REFERENCE_TIME_SKEW_MS).toISOString(), now));
  for (const raw of ['1999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', new Date(now + REFERENCE_TIME_SKEW_MS + 1000).toISOString(), '+275760-09-13T00:00:00Z', 'yesterday', '1700000000000', '2026-02-30T99:00:00Z', '']) {
    assert.equal(parseReferenceTimeValue(raw, now), undefined, raw);
  }
});
