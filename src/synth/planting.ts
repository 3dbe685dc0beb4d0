// Planted risk: which population users are high / moderate / low, and what "extreme" means on each KPI of SPEC §3.
import type { RiskLevel } from '../model/feature-vector.js';
import { KPIS } from '../model/kpis.js';
import type { Prng } from './prng.js';

/** The planting names the generator draws extremes for (user-plan.ts), as the registry's `planting` hints give them. */
export type PlantedKpi = 'reciprocity' | 'lastSeen' | 'night' | 'incomplete' | 'negativity' | 'isolation';

/**
 * One bit per planted KPI, in registry order (kpis.ts `planting`): a KPI without a hint is never planted, one
 * whose hint the generator does not know yet gets a bit (it counts in the masks) but no drawn extreme.
 */
export const KPI_BITS_BY_NAME: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(KPIS.filter((k) => k.planting !== undefined).map((k, i) => [k.planting!, 1 << i])),
);
/** The bit of each KPI the generator plants. */
export const KPI: Readonly<Record<PlantedKpi, number>> = KPI_BITS_BY_NAME as Record<PlantedKpi, number>;
const KPI_BITS = Object.values(KPI_BITS_BY_NAME);
const ALL_KPIS = KPI_BITS.reduce((a, b) => a | b, 0);

/** Shares of the population planted at each level; the rest is 'low'. */
export const PLANTED_SHARES = { high: 0.03, moderate: 0.1 } as const;
/**
 * Share of 'high' users that belong to the coherent group (extreme on every planted KPI, or all but one).
 * The others are scattered: extreme on exactly three KPIs picked at random, as real at-risk users
 * rarely show every sign at once.
 */
export const COHERENT_SHARE_OF_HIGH = 0.6;

export interface Planting {
  level: RiskLevel;
  /** Bit set of KPI flags on which the user is extreme. */
  extremes: number;
}

/** A population user's planted level and the KPIs on which they are extreme. */
export function plantRisk(r: Prng): Planting {
  const u = r.float();
  if (u < PLANTED_SHARES.high) {
    if (r.chance(COHERENT_SHARE_OF_HIGH)) {
      const dropped = r.chance(0.3) ? r.pick(KPI_BITS) : 0;
      return { level: 'high', extremes: ALL_KPIS & ~dropped };
    }
    return { level: 'high', extremes: pickKpis(r, 3) };
  }
  if (u < PLANTED_SHARES.high + PLANTED_SHARES.moderate) {
    return { level: 'moderate', extremes: pickKpis(r, 1 + r.int(2)) };
  }
  return { level: 'low', extremes: 0 };
}

function pickKpis(r: Prng, n: number): number {
  let bits = 0;
  while (countBits(bits) < n) bits |= r.pick(KPI_BITS);
  return bits;
}

export function countBits(bits: number): number {
  let n = 0;
  for (let b = bits; b; b &= b - 1) n++;
  return n;
}

/**
 * KPI 1. Normal: long-tailed followers (log-normal, a few influencers) and following roughly
 * tracking them, so following/followers stays within ~0.1-4. Extreme: follows hundreds of
 * accounts, almost nobody follows back (ratio >= 40).
 */
export function drawFollowers(r: Prng, extreme: boolean): { followers: number; following: number } {
  if (extreme) {
    return { followers: r.chance(0.45) ? 0 : r.between(1, 3), following: Math.round(r.logUniform(120, 1500)) };
  }
  let followers = Math.floor(r.logNormal(60, 1.3));
  if (r.chance(0.004)) followers *= r.between(30, 300);
  const following = Math.min(7500, Math.round(r.logNormal(Math.pow(Math.max(followers, 3), 0.85) * 1.4, 0.5)));
  return { followers, following };
}

/** KPI 2, normal: seen within the last two weeks, mostly the last day or two (days before the reference). */
export function drawRecentSeenDays(r: Prng): number {
  return Math.min(14, r.exponential(1.5));
}

/** KPI 2, extreme: last seen 30-89 days ago. */
export function drawStaleSeenDays(r: Prng): number {
  return r.range(30, 89);
}

/** KPI 3: share of messages sent 01:00-05:59 local. Normal: 0-6 %, mostly near 0. Extreme: 55-90 %. */
export function drawNightShare(r: Prng, extreme: boolean): number {
  if (extreme) return r.range(0.55, 0.9);
  const u = r.float();
  return 0.06 * u * u;
}

/** KPI 5: share of texts written from the negative pool. Normal: 0-12 %. Extreme: 65-95 %. */
export function drawNegativeShare(r: Prng, extreme: boolean): number {
  return extreme ? r.range(0.65, 0.95) : r.range(0, 0.12);
}

/**
 * KPI 6: community memberships. Normal population users belong to 2-8 communities of at least two
 * categories, so that 0 or 1 category stays a risk signal; extreme: none (75 %) or one.
 */
export function drawMemberships(r: Prng, extreme: boolean): number {
  if (extreme) return r.chance(0.75) ? 0 : 1;
  return 2 + Math.min(6, Math.floor(r.exponential(1.4)));
}

/** 'spaces' is blank by any definition (SQL trim too); 'whitespace' mixes tabs and newlines. */
export type BioKind = 'text' | 'null' | 'empty' | 'spaces' | 'whitespace';

/**
 * KPI 4 (bio NULL or blank AND no complete_profiles row). Normal users may lack one of the two but
 * never both; extreme users lack both.
 */
export function drawProfileCompleteness(r: Prng, extreme: boolean): { complete: boolean; bio: BioKind } {
  if (extreme) return { complete: false, bio: r.chance(0.5) ? 'null' : r.chance(0.5) ? 'empty' : 'spaces' };
  const complete = r.chance(0.6);
  if (!complete) return { complete, bio: 'text' };
  const u = r.float();
  return { complete, bio: u < 0.75 ? 'text' : u < 0.85 ? 'null' : u < 0.9 ? 'empty' : u < 0.95 ? 'spaces' : 'whitespace' };
}
