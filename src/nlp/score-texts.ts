// Scores a stream of changed texts in batches and emits staging rows (CSV) for the per-text score table.
import { csvLine } from '../db/copy.js';
import { TEXT_SOURCE_IDS, type TextRow } from '../etl/datasets.js';
import { isScorable, type Scorer } from './scorer.js';

/** Columns of the score staging table, in CSV order. score NULL = remove the stored score. */
export const STAGE_SCORE_COLUMNS = ['source_id', 'text_id', 'user_id', 'score', 'text_updated_at'] as const;

export interface ScoreCounters {
  read: number;
  scored: number;
  removed: number;
  skipped: number;
  /** Messages whose sender maps to no auth user (no active social profile): not stored. */
  unattributed: number;
  /** Texts the model failed on (NaN): not stored; scored again when the text is next edited. */
  failed: number;
}

export function emptyScoreCounters(): ScoreCounters {
  return { read: 0, scored: 0, removed: 0, skipped: 0, unattributed: 0, failed: 0 };
}

export interface ScoreTextsOptions {
  scorer: Scorer;
  /** Texts per scorer call. @default 512 */
  batchSize?: number;
  /**
   * First run (no watermark): only scorable active texts matter. Later runs also stage removals for
   * texts that were deactivated, deleted or emptied since they were scored.
   */
  fullRun: boolean;
  counters: ScoreCounters;
  /** Maps a message's sender reference (as the text query gives it) to the auth user id. */
  userOfMessageSender: (senderRef: number) => string | undefined;
  onBatch?: (texts: number) => void;
}

/** Yields one CSV chunk per batch: the rows to stage for COPY. */
export async function* scoreTextRows(batches: AsyncIterable<TextRow[]>, opts: ScoreTextsOptions): AsyncGenerator<string> {
  const size = opts.batchSize ?? 512;
  let batch: TextRow[] = [];
  let removals = '';
  for await (const rows of batches) for (const row of rows) {
    opts.counters.read++;
    if (row.source === 'message') {
      const user = opts.userOfMessageSender(Number(row.userRef));
      if (user === undefined) {
        opts.counters.unattributed++;
        continue;
      }
      row.userRef = user;
    }
    if (row.active && isScorable(row.content)) {
      batch.push(row);
      if (batch.length >= size) {
        yield removals + (await scoreBatch(batch, opts));
        removals = '';
        batch = [];
      }
    } else if (opts.fullRun) {
      opts.counters.skipped++;
    } else {
      opts.counters.removed++;
      removals += stageLine(row, null);
    }
  }
  if (batch.length || removals) yield removals + (batch.length ? await scoreBatch(batch, opts) : '');
}

async function scoreBatch(batch: TextRow[], opts: ScoreTextsOptions): Promise<string> {
  const scores = await opts.scorer.scoreBatch(batch.map((r) => r.content!));
  let csv = '';
  let scored = 0;
  for (let i = 0; i < batch.length; i++) {
    if (Number.isNaN(scores[i])) continue;
    csv += stageLine(batch[i], scores[i]);
    scored++;
  }
  opts.counters.scored += scored;
  opts.counters.failed += batch.length - scored;
  opts.onBatch?.(batch.length);
  return csv;
}

/**
 * Scores are stored as float4 with 6 decimals: a probability needs no more, and tiny values such as
 * 1e-50 (far below float4's range) would otherwise be rejected by PostgreSQL.
 */
export function roundScore(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

function stageLine(r: TextRow, score: number | null): string {
  return csvLine([
    TEXT_SOURCE_IDS[r.source],
    r.id,
    r.userRef,
    score === null ? null : roundScore(score),
    r.updatedAt,
  ]);
}
