// One user slot's plan (who they are, where they exist, how they behave), recomputed identically by every writer.
import type { RiskLevel } from '../model/feature-vector.js';
import { DAY_MS } from './clock.js';
import type { SeedContext } from './context.js';
import {
  KPI,
  drawFollowers,
  drawMemberships,
  drawNegativeShare,
  drawNightShare,
  drawProfileCompleteness,
  drawRecentSeenDays,
  drawStaleSeenDays,
  plantRisk,
  type BioKind,
} from './planting.js';
import { openStream, type Prng } from './prng.js';

/**
 * Slots [0, users) are auth users. A few extra slots are orphans that exercise the joins:
 * even ones have a social profile and a messaging user but no auth row, odd ones only a messaging
 * user whose profile_id points at no profile.
 */
export type SlotKind = 'auth' | 'orphan-social' | 'orphan-messaging';

/** Offset of the dangling profile_id of 'orphan-messaging' slots: far above any real profile id. */
export const DANGLING_PROFILE_BASE = 1_000_000_000;

export interface UserPlan {
  slot: number;
  kind: SlotKind;
  role: 1 | 2;
  authActive: boolean;
  hasProfile: boolean;
  profileActive: boolean;
  hasMessaging: boolean;
  /** Auth id_role 2, active, with an active social profile (SPEC §2). */
  population: boolean;
  level: RiskLevel | null;
  extremes: number;
  createdMs: number;
  followers: number;
  following: number;
  bio: BioKind;
  complete: boolean;
  memberships: number;
  lastSeenMs: number | null;
  /** No post, comment or message is later than this. */
  lastActiveMs: number;
  nightShare: number;
  negativeShare: number;
  posts: number;
  comments: number;
  messages: number;
}

export function classifySlot(ctx: SeedContext, slot: number): SlotKind {
  if (slot < ctx.users) return 'auth';
  return (slot - ctx.users) % 2 === 0 ? 'orphan-social' : 'orphan-messaging';
}

export function planSlot(ctx: SeedContext, slot: number): UserPlan {
  const r = openStream(ctx.seed, slot, 'plan');
  const kind = classifySlot(ctx, slot);
  const ref = ctx.clock.referenceMs;
  const role: 1 | 2 = kind === 'auth' && r.chance(0.02) ? 1 : 2;
  const authActive = !r.chance(0.03);
  const hasProfile = kind === 'orphan-social' || (kind === 'auth' && !r.chance(0.01));
  const profileActive = hasProfile && !r.chance(0.01);
  const population = kind === 'auth' && role === 2 && authActive && profileActive;
  const planting = population ? plantRisk(r) : { level: null, extremes: 0 };
  const x = planting.extremes;

  const plan: UserPlan = {
    slot,
    kind,
    role,
    authActive,
    hasProfile,
    profileActive,
    hasMessaging: kind === 'orphan-messaging' || hasProfile,
    population,
    level: planting.level,
    extremes: x,
    createdMs: ref - r.range(3, 720) * DAY_MS,
    ...drawFollowers(r, (x & KPI.reciprocity) !== 0),
    ...drawProfileCompleteness(r, (x & KPI.incomplete) !== 0),
    memberships: population ? drawMemberships(r, (x & KPI.isolation) !== 0) : Math.min(8, Math.floor(r.exponential(1.6))),
    lastSeenMs: ref - drawRecentSeenDays(r) * DAY_MS,
    lastActiveMs: ref,
    nightShare: drawNightShare(r, (x & KPI.night) !== 0),
    negativeShare: drawNegativeShare(r, (x & KPI.negativity) !== 0),
    posts: Math.min(400, r.roundStochastic(r.logNormal(1.82, 1.0))),
    comments: Math.min(800, r.roundStochastic(r.logNormal(2.73, 1.1))),
    messages: Math.min(5000, r.roundStochastic(r.logNormal(9.73, 1.2))),
  };
  if (x & KPI.lastSeen) placeStale(r, plan, ref, (x & KPI.night) !== 0);
  else if (!population && kind === 'auth') placeNonPopulationGaps(r, plan, ref);
  plan.lastActiveMs = plan.lastSeenMs ?? ref - r.range(30, 89) * DAY_MS;
  plan.createdMs = Math.min(plan.createdMs, plan.lastActiveMs - r.range(10, 60) * DAY_MS);
  if (!plan.hasMessaging || plan.lastSeenMs === null) plan.messages = 0;
  ensureEvidence(r, plan);
  return plan;
}

/**
 * Extreme KPI 2. Data-quality gaps (no messaging user, NULL last_seen_at, both read as 365 days)
 * are placed here and on non-population users only, so a planted 'low' user never looks extreme.
 * Users planted extreme on night messages too keep a dated last_seen_at: they need messages.
 */
function placeStale(r: Prng, plan: UserPlan, ref: number, needsMessages: boolean): void {
  const u = needsMessages ? 1 : r.float();
  if (u < 0.3) plan.hasMessaging = false;
  plan.lastSeenMs = u < 0.7 ? null : ref - drawStaleSeenDays(r) * DAY_MS;
}

/** Admins, inactive accounts and users without an active profile: where most real gaps are. */
function placeNonPopulationGaps(r: Prng, plan: UserPlan, ref: number): void {
  if (r.chance(0.2)) plan.hasMessaging = false;
  if (!plan.authActive) plan.lastSeenMs = r.chance(0.5) ? null : ref - r.range(30, 300) * DAY_MS;
  else if (r.chance(0.1)) plan.lastSeenMs = null;
}

/** Users planted extreme on night messages or negativity get enough texts for the share to mean something. */
function ensureEvidence(r: Prng, plan: UserPlan): void {
  if (plan.extremes & KPI.night && plan.hasMessaging) plan.messages = Math.max(plan.messages, r.between(15, 60));
  if (plan.extremes & KPI.negativity) {
    plan.posts = Math.max(plan.posts, 2);
    plan.comments = Math.max(plan.comments, 3);
    if (plan.hasMessaging && plan.lastSeenMs !== null) plan.messages = Math.max(plan.messages, 8);
  }
}

export interface PlannedSlot {
  plan: UserPlan;
  /** The social profile id this slot gets (profiles are numbered in slot order), 0 without one. */
  profileId: number;
}

/** Plans of slots [0, to) in slot order: every writer numbers profiles the same way without sharing state. */
export function* iteratePlans(ctx: SeedContext, to = ctx.slots): Generator<PlannedSlot> {
  let profileId = 0;
  for (let slot = 0; slot < to; slot++) {
    const plan = planSlot(ctx, slot);
    yield { plan, profileId: plan.hasProfile ? ++profileId : 0 };
  }
}
