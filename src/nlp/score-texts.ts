// Scores a stream of changed texts in batches and emits staging rows for the per-text score table.
import { CopyBinaryWriter } from '../db/copy-binary.js';
import { csvLine } from '../db/copy.js';
import { formatMicros } from '../etl/micros.js';
import { TEXT_SOURCE_IDS, type TextRow } from '../model/datasets.js';
import { crisisFlags } from './lexicon.js';
import { isScorable, type Scorer } from './scorer.js';

/** Columns of the score staging table, in CSV order. score NULL = remove the stored score. crisis: see lexicon.ts. */
export const STAGE_SCORE_COLUMNS = ['source_id', 'text_id', 'user_id', 'score', 'text_updated_at', 'crisis'] as const;

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

/**
 * Staging rows in one format: binary COPY tuples into the database (etl, score, watch), CSV for
 * transform's stage files. `add` one row (score null = remove the stored score), `take` the rows so far.
 */
export interface StageRows<C extends string | Buffer = string | Buffer> {
  add(row: TextRow, score: number | null, crisis?: boolean): void;
  /** A removal of a text the source no longer has at all (no author, no timestamp). */
  addRemoval(source: TextRow['source'], id: number): void;
  take(): C;
}

export function binaryStageRows(): StageRows<Buffer> {
  const w = new CopyBinaryWriter();
  return {
    add(r, score, crisis = false) {
      w.row(6).int2(TEXT_SOURCE_IDS[r.source]).int8(r.id).uuid(r.userRef as string);
      if (score === null) w.null();
      else w.float4(roundScore(score));
      w.timestampUs(r.updatedUs).bool(crisis);
    },
    addRemoval(source, id) {
      w.row(6).int2(TEXT_SOURCE_IDS[source]).int8(id).null().null().null().bool(false);
    },
    take: () => w.take(),
  };
}

export function csvStageRows(): StageRows<string> {
  let csv = '';
  return {
    add(r, score, crisis = false) {
      csv += csvLine([TEXT_SOURCE_IDS[r.source], r.id, r.userRef, score === null ? null : roundScore(score), formatMicros(r.updatedUs), crisis]);
    },
    addRemoval(source, id) {
      csv += csvLine([TEXT_SOURCE_IDS[source], id, null, null, null, false]);
    },
    take() {
      const out = csv;
      csv = '';
      return out;
    },
  };
}

export interface ScoreTextsOptions<C extends string | Buffer> {
  scorer: Scorer;
  /** The staging format of the chunks yielded. */
  stage: StageRows<C>;
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
  /** Called for every text stored with its score (after the sender mapping). */
  onScored?: (row: TextRow, score: number) => void;
}

/** Yields one chunk of staging rows per batch. */
export async function* scoreTextRows<C extends string | Buffer>(batches: AsyncIterable<TextRow[]>, opts: ScoreTextsOptions<C>): AsyncGenerator<C> {
  const size = opts.batchSize ?? 512;
  const { stage } = opts;
  let batch: TextRow[] = [];
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
        await scoreBatch(batch, opts);
        yield stage.take();
        batch = [];
      }
    } else if (opts.fullRun) {
      opts.counters.skipped++;
    } else {
      opts.counters.removed++;
      stage.add(row, null);
    }
  }
  if (batch.length) await scoreBatch(batch, opts);
  const rest = stage.take();
  if (rest.length) yield rest;
}

async function scoreBatch(batch: TextRow[], opts: ScoreTextsOptions<string | Buffer>): Promise<void> {
  const { scores, crisis } = await scoreWithCrisis(opts.scorer, batch.map((r) => r.content!));
  let scored = 0;
  for (let i = 0; i < batch.length; i++) {
    if (Number.isNaN(scores[i])) continue;
    opts.stage.add(batch[i], scores[i], crisis[i] === 1);
    opts.onScored?.(batch[i], scores[i]);
    scored++;
  }
  opts.counters.scored += scored;
  opts.counters.failed += batch.length - scored;
  opts.onBatch?.(batch.length);
}

/**
 * Scores and crisis flags in one pass where the scorer can (the lexicon); for another backend (a transformer
 * gives no crisis flag) the flags come from the lexicon's phrase layer, a scan of some microseconds per text.
 */
export async function scoreWithCrisis(scorer: Scorer, texts: readonly string[]): Promise<{ scores: Float64Array; crisis: Uint8Array }> {
  if (scorer.scoreBatchWithCrisis) return scorer.scoreBatchWithCrisis(texts);
  return { scores: await scorer.scoreBatch(texts), crisis: crisisFlags(texts) };
}

/**
 * Scores are stored as float4 with 6 decimals: a probability needs no more, and tiny values such as
 * 1e-50 (far below float4's range) would otherwise be rejected by PostgreSQL.
 */
export function roundScore(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}
