// The KPI formulas of SPEC §3, as pure functions over one user's raw values.
import { slug } from './slug.js';

/** KPI 2 for users never seen or without a messaging account (SPEC §3). */
export const DAYS_WHEN_NEVER_SEEN = 365;
const SECONDS_PER_DAY = 86_400;

/**
 * KPI 1: following / max(followers, 1). The seed returned 0 when followers = 0, which ranked the most
 * isolated users (who follow people and are followed by nobody) as the least isolated: fixed here.
 */
export function computeReciprocityRatio(following: number, followers: number): number {
  return following / Math.max(followers, 1);
}

/** KPI 2: fractional days from last_seen_at to the reference time; 365 when unknown; never negative. */
export function computeDaysSinceLastSeen(lastSeenEpoch: number | null | undefined, referenceEpoch: number): number {
  if (lastSeenEpoch === null || lastSeenEpoch === undefined || Number.isNaN(lastSeenEpoch)) return DAYS_WHEN_NEVER_SEEN;
  return Math.max(0, (referenceEpoch - lastSeenEpoch) / SECONDS_PER_DAY);
}

/** KPI 3: night messages / non-deleted messages; 0 with no messages. Night is counted in SQL, in the configured zone. */
export function computeNightMessageRatio(night: number | null | undefined, total: number | null | undefined): number {
  return total && total > 0 ? (night ?? 0) / total : 0;
}

/** KPI 6: distinct community categories, compared accent- and case-insensitively. */
export function countCommunityCategories(categories: readonly string[] | null | undefined): number {
  if (!categories || categories.length === 0) return 0;
  return new Set(categories.map(slug)).size;
}

/** One-hot: does the list hold this (already slugged) tag, compared accent- and case-insensitively. */
export function hasTag(values: readonly string[] | null | undefined, tagSlug: string): boolean {
  return !!values && values.some((v) => slug(v) === tagSlug);
}
