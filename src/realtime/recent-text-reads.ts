// Which text rows recent batches read, so a batch does not read again a row an earlier batch already saw.
import type { TextSource } from '../model/datasets.js';
import type { ChangeSet } from './pending-changes.js';

/** Read keys are remembered this long: a notification older than the batch that read its row is stale. */
const REMEMBER_MS = 5 * 60_000;
/** A larger read (a catch-up) is not remembered: not worth the memory. */
const MAX_REMEMBERED = 200_000;

/**
 * Each batch reads every text changed since the watermark, so a notified text is often read by an
 * earlier batch than its notification's. A batch that started after the notification arrived saw the
 * committed row (NOTIFY is delivered after COMMIT, the read happens after the batch starts): reading it
 * again by key would only repeat the work.
 */
export class RecentTextReads {
  private readonly readAt = new Map<string, number>();

  /** Drops from the set the texts a batch started after their notification has already read. */
  skipAlreadyRead(set: ChangeSet): void {
    for (const [key, receivedAt] of set.entries) {
      if (!key.startsWith('t:')) continue;
      const at = this.readAt.get(key);
      if (at === undefined || at <= receivedAt) continue;
      const [, source, id] = key.split(':');
      set.texts[source as TextSource].delete(Number(id));
    }
  }

  /** Records a committed batch's reads (keys as in PendingChanges) at the batch's start time. */
  remember(read: Record<TextSource, Set<number>>, batchStartedMs: number): void {
    let n = 0;
    for (const ids of Object.values(read)) n += ids.size;
    if (n > MAX_REMEMBERED) return;
    for (const [source, ids] of Object.entries(read)) for (const id of ids) this.readAt.set(`t:${source}:${id}`, batchStartedMs);
  }

  prune(nowMs: number): void {
    for (const [key, at] of this.readAt) if (nowMs - at > REMEMBER_MS) this.readAt.delete(key);
  }
}
