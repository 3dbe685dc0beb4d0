// The fixed facts of one seeding run (sizes, clock, communities), validated once and shared by every writer.
import { ConfigError } from '../errors.js';
import { DAY_MS, LocalClock } from './clock.js';
import { makeCommunityName } from './communities.js';
import { openStream } from './prng.js';

/** Days of activity history before the reference time. */
export const HISTORY_DAYS = 90;
/** Default timezone of the planted night window (SPEC §3, `AURA_TIMEZONE`). */
export const DEFAULT_TIMEZONE = 'America/Lima';

/** Community categories with their relative frequency: gaming, music and sport dominate. */
const CATEGORY_WEIGHTS: ReadonlyArray<readonly [category: string, weight: number]> = [
  ['Gaming', 22], ['Música', 18], ['Deporte', 18], ['Arte', 12], ['Lectura', 10], ['Voluntariado', 10], ['Ciencia', 10],
];
export const COMMUNITY_CATEGORIES = CATEGORY_WEIGHTS.map(([c]) => c);

export interface SeedContext {
  seed: number;
  users: number;
  /** users + orphans. */
  slots: number;
  clock: LocalClock;
  conversations: number;
  /** Community id i+1 is communities[i]. */
  communities: readonly Community[];
}

export interface Community {
  name: string;
  category: string;
  createdMs: number;
}

export interface ContextOptions {
  users: number;
  seed: number;
  referenceTime: Date;
  timezone?: string;
}

/**
 * Rows a seeded user brings into all source tables together, for a progress bar's total before any is
 * written (measured: 35.0-35.8 at 1,000-20,000 users; test/synth/seed.test.ts keeps it within 15%).
 */
export const ESTIMATED_ROWS_PER_USER = 35;

/** Orphan slots (users missing from auth) appended after the auth users, to exercise the joins. */
export function countOrphans(users: number): number {
  return Math.max(4, Math.round(users * 0.002));
}

export function createSeedContext(opts: ContextOptions): SeedContext {
  if (!Number.isInteger(opts.users) || opts.users < 1) {
    throw new ConfigError(`seed: users must be a positive integer, got ${opts.users}`);
  }
  if (!Number.isFinite(opts.seed)) throw new ConfigError(`seed: seed must be a finite number, got ${opts.seed}`);
  const clock = new LocalClock(opts.referenceTime, opts.timezone ?? DEFAULT_TIMEZONE);
  const seed = Math.trunc(opts.seed);
  // "A few hundred" communities at scale, enough to span every category in small test runs.
  const communities: Community[] = [];
  for (let c = 0; c < Math.min(400, Math.max(40, Math.round(opts.users / 100))); c++) {
    const r = openStream(seed, c, 'community');
    const category = pickWeighted(r.float());
    communities.push({ name: makeCommunityName(r, category), category, createdMs: clock.referenceMs - r.range(100, 900) * DAY_MS });
  }
  return {
    seed,
    users: opts.users,
    slots: opts.users + countOrphans(opts.users),
    clock,
    conversations: Math.max(1, Math.round(opts.users / 2)),
    communities,
  };
}

function pickWeighted(u: number): string {
  const total = CATEGORY_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let x = u * total;
  for (const [category, weight] of CATEGORY_WEIGHTS) {
    if ((x -= weight) < 0) return category;
  }
  return CATEGORY_WEIGHTS[CATEGORY_WEIGHTS.length - 1][0];
}
