// aura_messaging rows: conversations, messaging users, messages (in FK order), messages being the big table.
import type pg from 'pg';
import type { CsvValue } from '../db/copy.js';
import { drawActivityMs, drawUpdatedMs, formatIso } from './activity.js';
import { DAY_MS } from './clock.js';
import type { SeedContext } from './context.js';
import { loadInOneTransaction } from './bulk-load.js';
import { copyRows, syncSequences, type ProgressFn } from './copy-rows.js';
import { openStream } from './prng.js';
import { composeText } from './texts-es.js';
import { DANGLING_PROFILE_BASE, iteratePlans } from './user-plan.js';

export interface MessagingCounts {
  users: number;
  conversations: number;
  messages: number;
}

/** Share of messages soft-deleted: still stored, excluded from KPIs 3 and 5. */
const DELETED_SHARE = 0.03;

export function writeMessaging(client: pg.ClientBase, ctx: SeedContext, onProgress?: ProgressFn): Promise<MessagingCounts> {
  return loadInOneTransaction(client, ['conversations', 'users', 'messages'], () => copyMessaging(client, ctx, onProgress));
}

async function copyMessaging(client: pg.ClientBase, ctx: SeedContext, onProgress?: ProgressFn): Promise<MessagingCounts> {
  const copy = (target: string, table: string, rows: Iterable<CsvValue[]>) =>
    copyRows(client, target, `messaging.${table}`, rows, onProgress);
  const conversations = await copy('conversations (id, created_at)', 'conversations', conversationRows(ctx));
  const users = await copy('users (id, profile_id, last_seen_at, is_active, created_at)', 'users', messagingUserRows(ctx));
  const messages = await copy(
    'messages (id, conversation_id, sender_profile_id, content, is_deleted, created_at, updated_at)',
    'messages',
    messageRows(ctx),
  );
  await syncSequences(client, ['conversations', 'users', 'messages']);
  return { users, conversations, messages };
}

/** Conversations predate the 90-day history, so no message is older than its conversation. */
function* conversationRows(ctx: SeedContext): Generator<CsvValue[]> {
  for (let c = 0; c < ctx.conversations; c++) {
    const r = openStream(ctx.seed, c, 'conversation');
    yield [c + 1, formatIso(ctx.clock.referenceMs - r.range(91, 400) * DAY_MS)];
  }
}

/** Messaging users are numbered in slot order; orphan-messaging slots point at a profile that does not exist. */
function* messagingUserRows(ctx: SeedContext): Generator<CsvValue[]> {
  let id = 0;
  for (const { plan, profileId } of iteratePlans(ctx)) {
    if (!plan.hasMessaging) continue;
    const r = openStream(ctx.seed, plan.slot, 'messagingUser');
    const profile = profileId || DANGLING_PROFILE_BASE + plan.slot;
    const created = Math.min(plan.lastActiveMs, plan.createdMs + r.range(0.01, 3) * DAY_MS);
    const lastSeen = plan.lastSeenMs === null ? null : formatIso(plan.lastSeenMs);
    yield [++id, profile, lastSeen, plan.authActive, formatIso(created)];
  }
}

/**
 * Each sender talks in 1-8 conversations (mostly one or two) out of users/2; message times follow
 * the plan's night share, so KPI 3 is planted here.
 */
function* messageRows(ctx: SeedContext): Generator<CsvValue[]> {
  const ref = ctx.clock.referenceMs;
  let senderId = 0;
  let id = 0;
  const conversations: number[] = [];
  for (const { plan } of iteratePlans(ctx)) {
    if (!plan.hasMessaging) continue;
    senderId++;
    if (plan.messages === 0) continue;
    const r = openStream(ctx.seed, plan.slot, 'messages');
    conversations.length = 0;
    const n = 1 + Math.min(7, Math.floor(r.exponential(1.2)));
    for (let i = 0; i < n; i++) conversations.push(1 + r.int(ctx.conversations));
    const shape = { negative: plan.negativeShare, long: 0.0005, maxFragments: 2 };
    for (let i = 0; i < plan.messages; i++) {
      const conversation = conversations[r.int(n)];
      const created = drawActivityMs(r, ctx, plan);
      const content = composeText(r, shape);
      const deleted = r.float() < DELETED_SHARE;
      yield [++id, conversation, senderId, content, deleted, formatIso(created), formatIso(drawUpdatedMs(r, created, ref))];
    }
  }
}
