// Flag value parsers: a bad value is a usage error (exit 2) with one line naming the flag.
import { ConfigError } from '../errors.js';

export function parsePositiveInt(flag: string, raw: string | undefined, min = 1, max = Infinity): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${flag} must be a whole number ${max === Infinity ? `>= ${min}` : `from ${min} to ${max}`}, got "${raw}"`);
  }
  return n;
}

export function parsePositiveNumber(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n <= 0) throw new ConfigError(`${flag} must be a number > 0, got "${raw}"`);
  return n;
}

export function parseUnitInterval(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n <= 0 || n >= 1) throw new ConfigError(`${flag} must be a number between 0 and 1 (exclusive), got "${raw}"`);
  return n;
}
