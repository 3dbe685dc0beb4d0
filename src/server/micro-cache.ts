// A tiny time-bounded, single-flight cache: many concurrent requests for the same answer cost one query.

/**
 * Entries live `ttlMs` at most and `clear()` drops them all at once (a NOTIFY said the data changed).
 * A failed load is not kept. At most `maxEntries` keys (pages of many cursors); the oldest go first.
 */
export class MicroCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
