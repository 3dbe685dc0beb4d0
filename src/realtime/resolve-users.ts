// Resolves a batch's user references (auth uuid, social profile, messaging user) to auth user ids.
import type { SourcePools } from '../db/connections.js';
import { collectColumns, streamDataset } from '../etl/extract.js';
import type { Watermark } from '../etl/watermarks.js';
import type { ChangeSet } from './pending-changes.js';
import type { SourceSnapshot } from './source-snapshot.js';
import { arrayLiteral, batchTextSettings, MESSAGING_PROFILES, PROFILE_OWNERS } from './keyed-datasets.js';

export interface ResolvedUsers {
  /** Every auth user the references name, in the population or not (leaving it is a change too). */
  users: Set<string>;
  /**
   * messaging users.id -> auth user id through ACTIVE social profiles only: the batch etl attributes a
   * message the same way (transform.ts buildUserMap), so both store the same scores.
   */
  messageSenders: Map<number, string>;
  /** Auth user -> social profile id, for the users resolved through a profile (saves a lookup later). */
  profileOf: Map<string, number>;
}

/**
 * `messageWindow` is the batch's messages query (watermark and notified keys): their senders are
 * resolved too, in the snapshot the messages are then read from, so every message can be attributed.
 */
export async function resolveUsers(
  sources: SourcePools,
  messaging: SourceSnapshot,
  set: ChangeSet,
  messageWindow: { previous: Watermark | undefined; keys: Set<number> },
): Promise<ResolvedUsers> {
  const senders = await messaging.collect(MESSAGING_PROFILES, {
    messaging_user_ids: arrayLiteral(set.messagingUsers),
    ...batchTextSettings(messageWindow.previous, messageWindow.keys),
  });
  const senderIds = senders.messaging_user_id as number[];
  const senderProfiles = senders.profile_id as number[];
  const profileIds = new Set<number>([...set.profiles, ...senderProfiles]);
  const users = new Set(set.users);
  const messageSenders = new Map<number, string>();
  const profileOf = new Map<string, number>();
  if (profileIds.size === 0) return { users, messageSenders, profileOf };

  const owners = await collectColumns(streamDataset(sources, PROFILE_OWNERS, { profile_ids: arrayLiteral(profileIds) }), PROFILE_OWNERS);
  const ownerOf = new Map<number, { user: string; active: boolean }>();
  (owners.profile_id as number[]).forEach((p, i) => {
    ownerOf.set(p, { user: owners.user_id[i] as string, active: owners.is_active[i] as boolean });
    profileOf.set(owners.user_id[i] as string, p);
  });
  for (const p of set.profiles) {
    const o = ownerOf.get(p);
    if (o) users.add(o.user);
  }
  senderIds.forEach((m, i) => {
    const o = ownerOf.get(senderProfiles[i]);
    if (!o) return;
    if (set.messagingUsers.has(m)) users.add(o.user);
    if (o.active) messageSenders.set(m, o.user);
  });
  return { users, messageSenders, profileOf };
}
