// The changes received and not yet written: de-duplicated, in arrival order, taken by batches; pure.
import type { TextSource } from '../model/datasets.js';
import type { ChangeEvent } from './change-event.js';

/** What one batch works on. `entries` lets a failed batch put exactly its changes back. */
export interface ChangeSet {
  users: Set<string>;
  profiles: Set<number>;
  messagingUsers: Set<number>;
  texts: Record<TextSource, Set<number>>;
  /** Re-read every user against the sources (start, reconnect): see find-changed-users.ts. */
  catchUp: boolean;
  /** Receive time (ms, monotonic) of the oldest change in the set; undefined when empty. */
  oldestMs: number | undefined;
  entries: [string, number][];
}

/**
 * Keys are `u:<uuid>`, `p:<profile id>`, `m:<messaging id>` (user references) and `t:<source>:<id>`
 * (texts). A Map keeps insertion order, so the oldest change is first and a repeated change keeps its
 * first receive time (the lag counts from the first change a batch has not written yet).
 */
export class PendingChanges {
  private entries = new Map<string, number>();
  private refs = 0;
  private catchUp = false;

  add(e: ChangeEvent, nowMs: number): void {
    const prefix = e.ref === 'auth_user' ? 'u' : e.ref === 'profile' ? 'p' : 'm';
    this.put(`${prefix}:${e.id}`, nowMs);
    if (e.text) this.put(`t:${e.text.source}:${e.text.id}`, nowMs);
  }

  /** Users left over by a batch that had more than it could write (they wait for the next one). */
  addUsers(users: Iterable<string>, nowMs: number): void {
    for (const u of users) this.put(`u:${u}`, nowMs);
  }

  requestCatchUp(): void {
    this.catchUp = true;
  }

  /** User references waiting (texts ride along with them and are not counted). */
  get size(): number {
    return this.refs;
  }

  get catchUpRequested(): boolean {
    return this.catchUp;
  }

  /** Entries stay in receive order (batches take from the front, failures go back to the front). */
  get oldestMs(): number | undefined {
    for (const t of this.entries.values()) return t;
    return undefined;
  }

  /** Takes up to `maxRefs` user references, oldest first, with the texts that arrived among them. */
  take(maxRefs: number): ChangeSet {
    const set: ChangeSet = {
      users: new Set(),
      profiles: new Set(),
      messagingUsers: new Set(),
      texts: { post: new Set(), comment: new Set(), message: new Set() },
      catchUp: this.catchUp,
      oldestMs: undefined,
      entries: [],
    };
    this.catchUp = false;
    let taken = 0;
    for (const [key, t] of this.entries) {
      const isRef = !key.startsWith('t:');
      if (isRef && taken >= maxRefs) break;
      this.entries.delete(key);
      set.entries.push([key, t]);
      if (set.oldestMs === undefined || t < set.oldestMs) set.oldestMs = t;
      if (isRef) {
        taken++;
        this.refs--;
      }
      addKey(set, key);
    }
    return set;
  }

  /** Puts a failed batch's changes back in front, keeping their original receive times. */
  restore(set: ChangeSet): void {
    const rest = this.entries;
    this.entries = new Map();
    this.refs = 0;
    for (const [k, t] of set.entries) this.put(k, t);
    for (const [k, t] of rest) this.put(k, t);
    if (set.catchUp) this.catchUp = true;
  }

  private put(key: string, t: number): void {
    const prev = this.entries.get(key);
    if (prev !== undefined) {
      if (t < prev) this.entries.set(key, t);
      return;
    }
    this.entries.set(key, t);
    if (!key.startsWith('t:')) this.refs++;
  }
}

function addKey(set: ChangeSet, key: string): void {
  const [kind, a, b] = key.split(':');
  if (kind === 'u') set.users.add(a);
  else if (kind === 'p') set.profiles.add(Number(a));
  else if (kind === 'm') set.messagingUsers.add(Number(a));
  else set.texts[a as TextSource].add(Number(b));
}
