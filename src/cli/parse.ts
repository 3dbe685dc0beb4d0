// Flag value parsers: a bad value is a usage error (exit 2) with one line naming the flag and its range.
import { Option } from 'commander';
import { ConfigError } from '../errors.js';
import { describeRange, parseInRange, parseReferenceTimeValue, quoteValue, rangeFlag, REFERENCE_TIME_RANGE, type NumericRange } from '../input-ranges.js';

/** A numeric option whose value is parsed and checked against its range (INPUT_RANGES) as commander reads it. */
export function rangeOption(flags: string, description: string, range: NumericRange, dflt?: number): Option {
  const flag = flags.split(/[ ,]/)[0]!;
  const option = new Option(flags, `${description} (${describeRange(range)})`).argParser(rangeFlag(flag, range));
  return dflt === undefined ? option : option.default(dflt);
}

/** A whole number in [min, max] (ranges not shared with the API; prefer INPUT_RANGES). */
export function parsePositiveInt(flag: string, raw: string | undefined, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  return parseInRange(flag, { integer: true, min, max }, raw);
}

/** `--reference-time <iso>`, parsed to a Date in REFERENCE_TIME_RANGE as commander reads it. */
export function referenceTimeOption(description: string): Option {
  return new Option('--reference-time <iso>', `${description}; ${REFERENCE_TIME_RANGE}`).argParser(parseReferenceTime);
}

function parseReferenceTime(raw: string): Date {
  const d = parseReferenceTimeValue(raw);
  if (!d) throw new ConfigError(`--reference-time must be ${REFERENCE_TIME_RANGE}, got ${quoteValue(raw)}`);
  return d;
}
