// A tiny time-bounded, single-flight cache: many concurrent requests for the same answer cost one query.

/** True when the client asked for a fresh answer (`Cache-Control: no-cache`, as browsers send on reload). */
export function wantsFresh(headers: { 'cache-control'?: string }): boolean {
  return /\bno-cache\b/i.test(headers['cache-control'] ?? '');
}

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

  /** `refresh` (a request with Cache-Control: no-cache) skips the cached answer and stores the new one. */
  get(key: string, load: () => Promise<V>, refresh = false): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && !refresh && now - hit.at < this.ttlMs) return hit.value;
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
