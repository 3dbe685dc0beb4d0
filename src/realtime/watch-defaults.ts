// Defaults of `watch` (see WatchOptions in watcher.ts), kept apart so the CLI can show them without loading watch.

export const DEFAULT_DEBOUNCE_MS = 2000;
export const DEFAULT_MAX_BATCH = 5000;
export const DEFAULT_STATS_INTERVAL_MS = 60_000;
