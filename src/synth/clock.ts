// Local wall-clock times in the users' timezone turned into UTC instants, so planted night messages fall at 01:00-05:59 there.
import { ConfigError } from '../errors.js';

export const DAY_MS = 86_400_000;

/**
 * Maps "local day N days before the reference, at local hh:mm:ss" to a UTC instant.
 * Timezone offsets come from Intl (full ICU ships with Node) and are cached per (day, hour), so
 * DST transitions are honoured without a per-row Intl call.
 */
export class LocalClock {
  readonly referenceMs: number;
  private readonly format: Intl.DateTimeFormat;
  private readonly referenceMidnightWall: number;
  private readonly referenceOffset: number;
  private readonly offsets = new Map<number, number>();

  constructor(referenceTime: Date, timeZone: string) {
    this.referenceMs = referenceTime.getTime();
    if (!Number.isFinite(this.referenceMs)) throw new ConfigError('seed: referenceTime is not a valid date');
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (err) {
      throw new ConfigError(`seed: unknown timezone ${JSON.stringify(timeZone)}`, { cause: err });
    }
    this.referenceOffset = this.offsetAt(this.referenceMs);
    this.referenceMidnightWall = Math.floor((this.referenceMs + this.referenceOffset) / DAY_MS) * DAY_MS;
  }

  /**
   * UTC milliseconds of local day `daysAgo` (0 = the reference's local date) at the given local
   * minute of the day. Never later than `notAfterMs` (default: the reference time): an instant past
   * it moves back by whole days, which keeps its local hour.
   */
  at(daysAgo: number, minuteOfDay: number, second: number, notAfterMs = this.referenceMs): number {
    const wall = this.referenceMidnightWall - daysAgo * DAY_MS + minuteOfDay * 60_000 + second * 1000;
    let ms = wall - this.offsetFor(daysAgo, Math.floor(minuteOfDay / 60), wall);
    if (ms > notAfterMs) ms -= Math.ceil((ms - notAfterMs) / DAY_MS) * DAY_MS;
    return ms;
  }

  private offsetFor(daysAgo: number, hour: number, wall: number): number {
    const key = daysAgo * 24 + hour;
    let off = this.offsets.get(key);
    if (off === undefined) {
      // Two fixed-point steps find the offset in force at that wall time, also across a DST change.
      const guess = wall - this.referenceOffset;
      const first = this.offsetAt(guess);
      off = this.offsetAt(wall - first);
      this.offsets.set(key, off);
    }
    return off;
  }

  private offsetAt(ms: number): number {
    const whole = Math.floor(ms / 1000) * 1000;
    return this.wallOf(whole) - whole;
  }

  /** The local wall time of a whole-second instant, written as if it were UTC (milliseconds). */
  private wallOf(ms: number): number {
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  }
}

/** The local hour (0-23) of an instant in a timezone; for tests and checks, not for bulk use. */
export function getLocalHour(ms: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric' });
  return Number(f.format(new Date(ms))) % 24;
}
