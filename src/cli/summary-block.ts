// The short block a command ends with on a terminal: what was read and written, how long, where it is, what next.

export interface SummaryBlock {
  /** What ran, e.g. `etl run 7`. */
  title: string;
  /** Wall-clock seconds of the whole command (filled in by the context when left out). */
  seconds?: number;
  /** What was read, in a few words. */
  read?: string;
  /** What was written, in a few words. */
  wrote?: string;
  /** Extra labelled lines (risk levels, skipped texts, ...), in order. */
  lines?: [label: string, text: string][];
  /** Stage seconds grouped for people (see groupSeconds); each stage's own time is in --json and the debug log. */
  stages?: [group: string, seconds: number][];
  /** Where the result is (a folder, the analytics database); filled in by the context when left out. */
  where?: string;
  /** Commands to run next, the first being the one that matters most. */
  next?: string[];
}

/** Stage names of the pipelines, grouped as people read a run: reading, scoring, writing. */
export const STAGE_GROUPS: Record<string, readonly string[]> = {
  setup: ['start_postgres', 'seed', 'migrate'],
  read: ['extract_users', 'read'],
  score: ['transform', 'score_texts', 'ensemble'],
  write: ['load_score_index', 'load_scores', 'load_counts', 'load', 'write', 'svg'],
};

/**
 * Sums each group's stage seconds (stages missing from `seconds` count nothing; a group with none is left
 * out). Keys are matched after any `prefix.` (`etl.load` counts as `load`). Stages can overlap in time,
 * so the groups may add up to more than the wall-clock total.
 */
export function groupSeconds(seconds: Record<string, number>, groups: Record<string, readonly string[]> = STAGE_GROUPS): [string, number][] {
  const out: [string, number][] = [];
  for (const [group, names] of Object.entries(groups)) {
    let sum = 0;
    let found = false;
    for (const [key, value] of Object.entries(seconds)) {
      if (names.includes(key.slice(key.lastIndexOf('.') + 1))) {
        sum += value;
        found = true;
      }
    }
    if (found) out.push([group, sum]);
  }
  return out;
}

export function formatSeconds(s: number): string {
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
}

/** A whole number with thousands separators, the same on every machine. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en');
}

export function formatSummary(b: SummaryBlock): string {
  const rows: [string, string][] = [];
  if (b.read) rows.push(['read', b.read]);
  if (b.wrote) rows.push(['wrote', b.wrote]);
  rows.push(...(b.lines ?? []));
  if (b.stages?.length) rows.push(['time', b.stages.map(([g, s]) => `${g} ${formatSeconds(s)}`).join(' · ')]);
  if (b.where) rows.push(['where', b.where]);
  (b.next ?? []).forEach((cmd, i) => rows.push([i === 0 ? 'next' : '', cmd]));
  const width = Math.max(...rows.map(([l]) => l.length), 5);
  const took = b.seconds === undefined ? '' : ` in ${formatSeconds(b.seconds)}`;
  return [`${b.title}: done${took}`, ...rows.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`)].join('\n');
}

/** Several blocks (etl --cluster) one after the other. */
export function formatSummaries(blocks: SummaryBlock[]): string {
  return blocks.map(formatSummary).join('\n');
}
