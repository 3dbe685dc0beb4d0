// aura_social rows: profiles, complete profiles, communities and memberships, posts, comments (in FK order).
import type pg from 'pg';
import type { CsvValue } from '../db/copy.js';
import { drawActivityMs, drawUpdatedMs, formatIso } from './activity.js';
import { DAY_MS } from './clock.js';
import { pickCommunities } from './communities.js';
import type { SeedContext } from './context.js';
import { loadInOneTransaction } from './bulk-load.js';
import { copyRows, syncSequences, type ProgressFn } from './copy-rows.js';
import { KPI, type BioKind } from './planting.js';
import { openStream, makeUuid, type Prng } from './prng.js';
import { composeText, pickBio, pickInterests } from './texts-es.js';
import { iteratePlans } from './user-plan.js';

export interface SocialCounts {
  profiles: number;
  communities: number;
  memberships: number;
  posts: number;
  comments: number;
}

const SOCIAL_TABLES = ['user_profiles', 'complete_profiles', 'communities', 'community_members', 'posts', 'comments'];

export function writeSocial(client: pg.ClientBase, ctx: SeedContext, onProgress?: ProgressFn): Promise<SocialCounts> {
  return loadInOneTransaction(client, SOCIAL_TABLES, () => copySocial(client, ctx, onProgress));
}

async function copySocial(client: pg.ClientBase, ctx: SeedContext, onProgress?: ProgressFn): Promise<SocialCounts> {
  const copy = (target: string, table: string, rows: Iterable<CsvValue[]>) =>
    copyRows(client, target, `social.${table}`, rows, onProgress);
  const profiles = await copy(
    'user_profiles (id, user_id, followers_count, following_count, bio, is_active, created_at, updated_at)',
    'user_profiles',
    profileRows(ctx),
  );
  await copy('complete_profiles (id, user_id, interests, updated_at)', 'complete_profiles', completeProfileRows(ctx));
  const communities = await copy('communities (id, name, category, created_at)', 'communities', communityRows(ctx));
  const memberships = await copy(
    'community_members (user_id, community_id, joined_at)',
    'community_members',
    membershipRows(ctx),
  );
  const posts = await copy('posts (id, user_id, content, is_active, created_at, updated_at)', 'posts', postRows(ctx));
  const comments = await copy(
    'comments (id, post_id, user_id, content, is_active, created_at, updated_at)',
    'comments',
    commentRows(ctx, posts),
  );
  await syncSequences(client, ['user_profiles', 'complete_profiles', 'communities', 'posts', 'comments']);
  return { profiles, communities, memberships, posts, comments };
}

function* profileRows(ctx: SeedContext): Generator<CsvValue[]> {
  for (const { plan, profileId } of iteratePlans(ctx)) {
    if (!profileId) continue;
    const r = openStream(ctx.seed, plan.slot, 'profile');
    const bio = pickBioText(r, plan.bio);
    const created = plan.createdMs + r.range(0, 2) * 3_600_000;
    const updated = r.chance(0.3) ? Math.min(plan.lastActiveMs, created + r.range(1, 200) * DAY_MS) : created;
    const userId = makeUuid(ctx.seed, plan.slot);
    yield [profileId, userId, plan.followers, plan.following, bio, plan.profileActive, formatIso(created), formatIso(Math.max(created, updated))];
  }
}

function pickBioText(r: Prng, kind: BioKind): string | null {
  switch (kind) {
    case 'text':
      return pickBio(r);
    case 'null':
      return null;
    case 'empty':
      return '';
    case 'spaces':
      return r.pick(['  ', ' ', '    ']);
    case 'whitespace':
      return r.pick(['\t', '\n', ' \n ', ' \t']);
  }
}

function* completeProfileRows(ctx: SeedContext): Generator<CsvValue[]> {
  let id = 0;
  for (const { plan, profileId } of iteratePlans(ctx)) {
    if (!profileId || !plan.complete) continue;
    const r = openStream(ctx.seed, plan.slot, 'completeProfile');
    const updated = Math.min(plan.lastActiveMs, plan.createdMs + r.range(0.1, 60) * DAY_MS);
    yield [++id, profileId, pickInterests(r), formatIso(Math.max(plan.createdMs, updated))];
  }
}

function* communityRows(ctx: SeedContext): Generator<CsvValue[]> {
  for (const [i, c] of ctx.communities.entries()) yield [i + 1, c.name, c.category, formatIso(c.createdMs)];
}

function* membershipRows(ctx: SeedContext): Generator<CsvValue[]> {
  for (const { plan, profileId } of iteratePlans(ctx)) {
    if (!profileId || plan.memberships === 0) continue;
    const r = openStream(ctx.seed, plan.slot, 'membership');
    const spanCategories = plan.population && !(plan.extremes & KPI.isolation);
    for (const c of pickCommunities(r, ctx, plan.memberships, spanCategories)) {
      const from = Math.max(plan.createdMs, ctx.communities[c].createdMs);
      const joined = from + r.float() * Math.max(0, plan.lastActiveMs - from);
      yield [profileId, c + 1, formatIso(joined)];
    }
  }
}

function* postRows(ctx: SeedContext): Generator<CsvValue[]> {
  const ref = ctx.clock.referenceMs;
  let id = 0;
  for (const { plan, profileId } of iteratePlans(ctx)) {
    if (!profileId) continue;
    const r = openStream(ctx.seed, plan.slot, 'posts');
    const userId = makeUuid(ctx.seed, plan.slot);
    const shape = { negative: plan.negativeShare, long: 0.005, maxFragments: 4 };
    for (let i = 0; i < plan.posts; i++) {
      const created = drawActivityMs(r, ctx, plan);
      const content = composeText(r, shape);
      yield [++id, userId, content, r.float() >= 0.02, formatIso(created), formatIso(drawUpdatedMs(r, created, ref))];
    }
  }
}

/** Comments land on posts picked uniformly among all posts (ids 1..posts). */
function* commentRows(ctx: SeedContext, posts: number): Generator<CsvValue[]> {
  if (posts === 0) return;
  const ref = ctx.clock.referenceMs;
  let id = 0;
  for (const { plan, profileId } of iteratePlans(ctx)) {
    if (!profileId) continue;
    const r = openStream(ctx.seed, plan.slot, 'comments');
    const userId = makeUuid(ctx.seed, plan.slot);
    const shape = { negative: plan.negativeShare, long: 0.001, maxFragments: 2 };
    for (let i = 0; i < plan.comments; i++) {
      const postId = 1 + r.int(posts);
      const created = drawActivityMs(r, ctx, plan);
      const content = composeText(r, shape);
      yield [++id, postId, userId, content, r.float() >= 0.02, formatIso(created), formatIso(drawUpdatedMs(r, created, ref))];
    }
  }
}
