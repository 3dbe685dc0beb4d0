// Runs a model over texts in batches: each distinct text once, similar lengths together, one failing text isolated as NaN.
import { ConfigError } from '../errors.js';

/** Scores a batch of distinct texts; throws if the batch cannot be scored. */
export type InferBatch = (texts: readonly string[]) => Promise<Float64Array>;

/** After this many texts in a row fail alone, the model is broken rather than the texts: the run stops. */
export const MAX_CONSECUTIVE_FAILURES = 16;
/** A batch holds texts up to this many times as long as its shortest, plus LENGTH_SLACK chars (short texts all batch together). */
const MAX_LENGTH_SPREAD = 1.5;
const LENGTH_SLACK = 32;

export interface ScoreDistinctTextsOptions {
  infer: InferBatch;
  /** Texts per model call. */
  batchSize: number;
  /** Scores of texts seen earlier in the run; updated with the new ones. */
  recent?: RecentScores;
  /** Failures in a row, carried across calls of one run. */
  streak?: FailureStreak;
}

export interface DistinctScores {
  /** One per input text, in input order; NaN for a text the model failed on (not scored). */
  scores: Float64Array;
  /** Distinct texts sent to the model. */
  inferred: number;
  /** Texts answered from `recent` or from an identical text earlier in the same call. */
  reused: number;
  /** Distinct texts that failed alone (their scores are NaN). */
  failed: number;
}

/** A bounded map of text -> score for the texts most recently scored (identical texts in a run are scored once). */
export class RecentScores {
  private readonly scores = new Map<string, number>();

  /**
   * @param maxEntries @default 100000 (some 10-20 MB of social-media texts; at most 40 MB)
   * @param maxChars longer texts are rarely repeated and are not kept. @default 200
   */
  constructor(readonly maxEntries = 100_000, readonly maxChars = 200) {}

  get(text: string): number | undefined {
    return this.scores.get(text);
  }

  set(text: string, score: number): void {
    if (text.length > this.maxChars || this.maxEntries === 0) return;
    if (this.scores.size >= this.maxEntries) this.scores.delete(this.scores.keys().next().value!);
    this.scores.set(text, score);
  }
}

/** Tells a bad text (fails alone, now and then) from a broken model (every text fails). */
export class FailureStreak {
  private length = 0;

  /** Counts a text that failed alone; throws once MAX_CONSECUTIVE_FAILURES fail in a row. */
  noteFailure(cause: unknown): void {
    if (++this.length >= MAX_CONSECUTIVE_FAILURES) {
      this.length = 0;
      throw new Error(`the NLP model failed on ${MAX_CONSECUTIVE_FAILURES} texts in a row; the model is broken, not the texts`, { cause });
    }
  }

  noteSuccess(): void {
    this.length = 0;
  }
}

export async function scoreDistinctTexts(texts: readonly string[], opts: ScoreDistinctTextsOptions): Promise<DistinctScores> {
  const recent = opts.recent ?? new RecentScores(0);
  const streak = opts.streak ?? new FailureStreak();
  const scores = new Float64Array(texts.length);
  const positions = new Map<string, number[]>();
  let reused = 0;
  texts.forEach((text, i) => {
    const known = recent.get(text);
    if (known !== undefined) {
      scores[i] = known;
      reused++;
      return;
    }
    const seen = positions.get(text);
    if (seen) {
      seen.push(i);
      reused++;
    } else {
      positions.set(text, [i]);
    }
  });
  const distinct = [...positions.keys()];
  let failed = 0;
  for (const batch of groupByLength(distinct, opts.batchSize)) {
    const batchScores = await inferIsolatingFailures(batch, opts.infer, streak);
    batch.forEach((text, j) => {
      const score = batchScores[j];
      if (Number.isNaN(score)) failed++;
      else recent.set(text, score);
      for (const i of positions.get(text)!) scores[i] = score;
    });
  }
  return { scores, inferred: distinct.length, reused, failed };
}

/**
 * Batches of at most `batchSize` texts, sorted by length, so each text is padded to nearly its own length
 * instead of the longest of the call. A batch also ends where texts get much longer than its first one: the
 * rare long rant at the end of the order would otherwise make a full batch of medium texts pad to its length.
 */
export function groupByLength(texts: readonly string[], batchSize: number): string[][] {
  const sorted = [...texts].sort((a, b) => a.length - b.length);
  const batches: string[][] = [];
  let batch: string[] = [];
  for (const text of sorted) {
    if (batch.length === batchSize || (batch.length > 0 && text.length > batch[0].length * MAX_LENGTH_SPREAD + LENGTH_SLACK)) {
      batches.push(batch);
      batch = [];
    }
    batch.push(text);
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/** The whole batch in one call; if that throws, each text alone, so only the texts that fail alone get NaN. */
async function inferIsolatingFailures(batch: readonly string[], infer: InferBatch, streak: FailureStreak): Promise<Float64Array> {
  try {
    const scores = checkScores(await infer(batch), batch.length);
    streak.noteSuccess();
    return scores;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if (batch.length === 1) {
      streak.noteFailure(err);
      return Float64Array.of(NaN);
    }
  }
  const scores = new Float64Array(batch.length);
  for (let i = 0; i < batch.length; i++) scores[i] = (await inferIsolatingFailures([batch[i]], infer, streak))[0];
  return scores;
}

/** A wrong count is a bug in the model wrapper; a NaN or out-of-range score is treated as a failure of that batch. */
function checkScores(scores: Float64Array, expected: number): Float64Array {
  if (scores.length !== expected) throw new ConfigError(`the NLP model returned ${scores.length} scores for ${expected} texts`);
  for (const score of scores) {
    if (!(score >= 0 && score <= 1)) throw new RangeError(`the NLP model returned a score outside [0,1]: ${score}`);
  }
  return scores;
}
