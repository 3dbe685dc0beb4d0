// When a user's post, comment or message happens: a local day in their active window, a daytime or night hour.
import { DAY_MS } from './clock.js';
import type { Prng } from './prng.js';
import { HISTORY_DAYS, type SeedContext } from './context.js';
import type { UserPlan } from './user-plan.js';

/**
 * Relative activity of local hours outside the night window (01:00-05:59 is drawn separately with
 * the user's night share): quiet mornings, school-day lunch and an evening peak; 00:xx counts as day.
 */
const DAY_HOUR_WEIGHTS: ReadonlyArray<readonly [hour: number, weight: number]> = [
  [0, 2], [6, 1], [7, 3], [8, 4], [9, 4], [10, 4], [11, 5], [12, 6], [13, 6], [14, 5], [15, 6],
  [16, 7], [17, 8], [18, 9], [19, 10], [20, 10], [21, 10], [22, 8], [23, 5],
];
const DAY_HOURS = buildHourTable();

function buildHourTable(): Uint8Array {
  const table: number[] = [];
  for (const [hour, weight] of DAY_HOUR_WEIGHTS) for (let i = 0; i < weight; i++) table.push(hour);
  return Uint8Array.from(table);
}

/**
 * An instant in the user's active window: a uniform local day between their account creation
 * (at most HISTORY_DAYS back) and their last activity, at 01:00-05:59 local with probability
 * `plan.nightShare`, otherwise at a weighted daytime hour. Never after `plan.lastActiveMs`.
 */
export function drawActivityMs(r: Prng, ctx: SeedContext, plan: UserPlan): number {
  const ref = ctx.clock.referenceMs;
  const toDay = Math.max(0, Math.floor((ref - plan.lastActiveMs) / DAY_MS));
  const fromDay = Math.max(toDay, Math.min(HISTORY_DAYS - 1, Math.floor((ref - plan.createdMs) / DAY_MS)));
  const day = r.between(toDay, fromDay);
  const hour = r.float() < plan.nightShare ? 1 + r.int(5) : DAY_HOURS[r.int(DAY_HOURS.length)];
  return ctx.clock.at(day, hour * 60 + r.int(60), r.int(60), plan.lastActiveMs);
}

/** updated_at: equal to created_at, except ~1.5 % of texts edited minutes to hours later (never after the reference). */
export function drawUpdatedMs(r: Prng, createdMs: number, referenceMs: number): number {
  if (r.float() >= 0.015) return createdMs;
  return Math.min(referenceMs, createdMs + Math.round(r.exponential(3 * 3_600_000)));
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayTexts = new Map<number, string>();

/**
 * ISO-8601 UTC text of an instant, to the second, as COPY reads timestamptz. Hand-built because
 * Date#toISOString was a quarter of the generator's CPU time; day strings are cached (a few
 * hundred distinct days per run).
 */
export function formatIso(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const day = Math.floor(seconds / 86_400);
  let date = dayTexts.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayTexts.set(day, date);
  }
  const s = seconds - day * 86_400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return date + TWO_DIGITS[h] + ':' + TWO_DIGITS[m] + ':' + TWO_DIGITS[s % 60] + 'Z';
}
