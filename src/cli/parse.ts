// Flag value parsers: a bad value is a usage error (exit 2) with one line naming the flag.
import { ConfigError } from '../errors.js';

export function parsePositiveInt(flag: string, raw: string | undefined, min = 1): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < min) throw new ConfigError(`${flag} must be a whole number >= ${min}, got "${raw}"`);
  return n;
}
