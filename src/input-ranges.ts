// The one definition of every numeric input's range: the CLI's flag parsers, the API's route schemas (so the
// OpenAPI document) and the configuration values all read it; out of range is exit 2 / HTTP 400 naming the range.
import { KPI_COLUMNS } from './model/feature-vector.js';
import { ConfigError } from './errors.js';

export interface NumericRange {
  /** Whole numbers only. */
  integer: boolean;
  min: number;
  max: number;
  /** The bound itself is refused (eps > 0). */
  minExclusive?: boolean;
}

const whole = (min: number, max: number): NumericRange => ({ integer: true, min, max });

/**
 * Ranges chosen for what each input does at scale (1M users), not for one data set:
 * - seed: 32-bit unsigned, the state of every PRNG here (mulberry32, the synthetic data's streams);
 * - k: K-Means clusters; past 50 the levels stop meaning anything and the fit costs k times more;
 * - eps: vectors are normalised KPIs in [0, 1]^6, whose diagonal is sqrt(6) = 2.449: 2.5 already joins every pair;
 * - minPts: DBSCAN's default is 2 x dimensions = 12 (Sander et al. 1998); the eps choice measures the minPts-th
 *   neighbour of 3,000 points, so its cost grows with minPts (10,000 KPI-like users: 0.8 s at 200, 3.8 s at 500,
 *   12 s at 1,000; bench/README "input ranges"); 256 keeps the worst case within ~2x of the default;
 * - contamination: Isolation Forest's voting share, at most half (scikit-learn's bound);
 * - limit, hours: a page of the risk lists, the kpi-trends window (30 days);
 * - users: synthetic users of seed/demo, 10x the largest size the benchmarks run;
 * - the rest bound operational settings (ports, watch batches, NLP batches, shards).
 */
export const INPUT_RANGES = {
  seed: whole(0, 2 ** 32 - 1),
  k: whole(2, 50),
  eps: { integer: false, min: 0, minExclusive: true, max: 2.5 },
  minPts: whole(2, 256),
  contamination: { integer: false, min: 0, minExclusive: true, max: 0.5 },
  minSignals: whole(1, KPI_COLUMNS.length),
  limit: whole(1, 500),
  hours: whole(1, 720),
  users: whole(1, 10_000_000),
  /** `serve --port`: 0 picks a free port. */
  port: whole(0, 65_535),
  servicePort: whole(1, 65_535),
  debounceMs: whole(0, 300_000),
  maxBatch: whole(1, 100_000),
  statsIntervalSeconds: whole(1, 86_400),
  nlpBatchSize: whole(1, 4096),
  nlpThreads: whole(1, 256),
  winsorQuantile: { integer: false, min: 0.5, max: 1 },
  shardCount: whole(1, 10_000),
} as const satisfies Record<string, NumericRange>;

/** "a whole number from 2 to 50", "a number > 0 and <= 2.5": the words every error message uses. */
export function describeRange(r: NumericRange): string {
  const low = r.minExclusive ? `> ${r.min} and <= ${r.max}` : `from ${r.min} to ${r.max}`;
  return `${r.integer ? 'a whole number' : 'a number'} ${low}`;
}

export function inRange(r: NumericRange, x: number): boolean {
  return Number.isFinite(x) && (!r.integer || Number.isInteger(x)) && (r.minExclusive ? x > r.min : x >= r.min) && x <= r.max;
}

/** Plain decimal notation only: no hex, no empty string (Number('') is 0), no Infinity. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a flag or configuration value; a ConfigError (exit 2) names it and its range otherwise. */
export function parseInRange(name: string, r: NumericRange, raw: string | undefined): number {
  const n = raw !== undefined && DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
  if (!inRange(r, n)) throw new ConfigError(`${name} must be ${describeRange(r)}, got ${quoteValue(raw)}`);
  return n;
}

/** A commander option parser: `.option('--k <n>', 'K-Means clusters', rangeFlag('--k', INPUT_RANGES.k), DEFAULT_K)`. */
export function rangeFlag(flag: string, r: NumericRange): (raw: string) => number {
  return (raw) => parseInRange(flag, r, raw);
}

/** A value echoed in a one-line message: quoted, control characters escaped, at most 40 characters. */
export function quoteValue(raw: string | undefined): string {
  if (raw === undefined) return 'nothing';
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}...` : raw);
}

/** Route schemas' own keyword: carries the range's words for error messages, and refuses non-finite numbers. */
export const RANGE_KEYWORD = 'x-range';

/**
 * The JSON schema of a range. `x-range` matters: Ajv coerces the query string "Infinity" (or "1e400") to a
 * number and then skips minimum/maximum for non-finite values, so `?hours=Infinity` reached the handler.
 */
export function rangeSchema(r: NumericRange, extra: Record<string, unknown> = {}) {
  return {
    type: r.integer ? 'integer' : 'number',
    ...(r.minExclusive ? { exclusiveMinimum: r.min } : { minimum: r.min }),
    maximum: r.max,
    [RANGE_KEYWORD]: describeRange(r),
    ...extra,
  } as const;
}

/** The earliest reference time: before 2000 no AURA source can hold data (the network and its users are younger). */
export const REFERENCE_TIME_FLOOR = new Date('2000-01-01T00:00:00Z');
/** How far a reference time may lie ahead of this machine's clock (clock skew between hosts). */
export const REFERENCE_TIME_SKEW_MS = 5 * 60_000;
export const REFERENCE_TIME_RANGE = `an ISO 8601 date-time from ${REFERENCE_TIME_FLOOR.toISOString()} to ${REFERENCE_TIME_SKEW_MS / 60_000} minutes from now`;

/** Parses a reference time; undefined when it is not a date-time in REFERENCE_TIME_RANGE. */
export function parseReferenceTimeValue(raw: string, now = Date.now()): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?)?$/i.test(raw.trim())) return undefined;
  const d = new Date(raw.trim());
  const t = d.getTime();
  return Number.isFinite(t) && t >= REFERENCE_TIME_FLOOR.getTime() && t <= now + REFERENCE_TIME_SKEW_MS ? d : undefined;
}
