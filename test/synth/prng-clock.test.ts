// Pure building blocks of the synthetic data: seeded streams, UUIDs, local night hours, timestamp text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatIso } from '../../src/synth/activity.js';
import { LocalClock, getLocalHour } from '../../src/synth/clock.js';
import { openStream, makeUuid } from '../../src/synth/prng.js';

describe('prng', () => {
  test('a stream is a pure function of (seed, slot, purpose)', () => {
    const draw = (seed: number, slot: number) => {
      const r = openStream(seed, slot, 'messages');
      return [r.nextUint32(), r.nextUint32(), r.nextUint32()];
    };
    assert.deepEqual(draw(1, 2), draw(1, 2));
    assert.notDeepEqual(draw(1, 2), draw(1, 3));
    assert.notDeepEqual(draw(1, 2), draw(2, 2));
  });

  test('uuids are valid v4 and distinct across 200,000 slots', () => {
    const seen = new Set<string>();
    for (let slot = 0; slot < 200_000; slot++) seen.add(makeUuid(12345, slot));
    assert.equal(seen.size, 200_000);
    assert.match(makeUuid(1, 0), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('uniform draws have the expected mean', () => {
    const r = openStream(9, 9, 'plan');
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += r.float();
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01);
  });
});

describe('LocalClock', () => {
  const reference = new Date('2025-03-15T12:34:56Z');

  for (const zone of ['America/Lima', 'America/New_York', 'Europe/Madrid', 'Asia/Kolkata']) {
    test(`01:00-05:59 local stays at night in ${zone}, DST included, never after the reference`, () => {
      const clock = new LocalClock(reference, zone);
      for (let day = 0; day < 120; day++) {
        for (let minute = 60; minute < 360; minute += 29) {
          const ms = clock.at(day, minute, 30);
          const hour = getLocalHour(ms, zone);
          assert.ok(hour >= 1 && hour <= 5, `${zone} day ${day} minute ${minute} -> hour ${hour}`);
          assert.ok(ms <= reference.getTime());
        }
      }
    });
  }

  test('an unknown timezone is a configuration error', () => {
    assert.throws(() => new LocalClock(reference, 'Mars/Olympus'), /unknown timezone/);
  });

  test('formatIso matches Date#toISOString to the second', () => {
    for (const ms of [0, 1_700_000_000_123, 1_748_779_199_999, 951_782_400_000]) {
      assert.equal(formatIso(ms), new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    }
  });
});
