// Scores a batch's changed texts and stores them: scores replaced by key, per-user sums moved by deltas.
import { moveStagedScores } from '../etl/store-scores.js';
import type pg from 'pg';
import { copyIn } from '../db/copy.js';
import type { SourcePools } from '../db/connections.js';
import type { TextRow, TextSource } from '../model/datasets.js';
import { dropTextsRead, streamTextDataset } from '../etl/extract.js';
import { mergeStreams } from '../etl/merge-streams.js';
import { WatermarkTracker, writeWatermarks, type Watermarks } from '../etl/watermarks.js';
import { binaryStageRows, emptyScoreCounters, scoreTextRows, STAGE_SCORE_COLUMNS, type ScoreCounters } from '../nlp/score-texts.js';
import type { Scorer } from '../nlp/scorer.js';
import { batchTextSettings, BATCH_TEXTS } from './keyed-datasets.js';
import type { SourceSnapshot } from './source-snapshot.js';

export interface BatchTextsInput {
  /** Analytics client inside the batch transaction, holding the ETL lock. */
  client: pg.ClientBase;
  sources: SourcePools;
  /** The messaging snapshot the senders were resolved in: messages are read from it too. */
  messaging: SourceSnapshot;
  scorer: Scorer;
  modelId: number;
  previous: Watermarks;
  /** Text keys named by notifications, per source. */
  keys: Record<TextSource, Set<number>>;
  messageSenders: Map<number, string>;
  /** Texts per scorer call. */
  batchSize: number;
}

export interface BatchTextsResult {
  /** Users whose stored scores changed (added, replaced or removed): their negativity index moved. */
  owners: Set<string>;
  /** Keys of the rows read, per source (rows read are never worth re-reading for an older notification). */
  read: Record<TextSource, Set<number>>;
  counters: ScoreCounters;
  watermarks: Watermarks;
}

const SOURCES: readonly TextSource[] = ['post', 'comment', 'message'];

export async function scoreBatchTexts(input: BatchTextsInput): Promise<BatchTextsResult> {
  const { client, previous } = input;
  const counters = emptyScoreCounters();
  const trackers = new Map(SOURCES.map((s) => [s, new WatermarkTracker(previous[s])]));
  // Kept by the session and emptied by every COMMIT: creating and dropping a table per batch costs
  // catalog writes that showed in the batch time.
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS watch_stage_scores (
      source_id smallint, text_id bigint, user_id uuid, score real, text_updated_at timestamptz, crisis boolean
    ) ON COMMIT DELETE ROWS`);
  const read: BatchTextsResult['read'] = { post: new Set(), comment: new Set(), message: new Set() };
  const streams = SOURCES.map((source) => stageSource(input, source, trackers.get(source)!, counters, read[source]));
  await copyIn(client, `watch_stage_scores (${STAGE_SCORE_COLUMNS.join(', ')})`, mergeStreams(streams), { format: 'binary' });
  const owners = await applyStagedScores(client, input.modelId);
  const watermarks: Watermarks = {};
  for (const [source, t] of trackers) watermarks[source] = t.next();
  return { owners, read, counters, watermarks };
}

/**
 * Stage rows (binary COPY tuples) of one source: every scored or emptied text, then a removal for each
 * notified key the source no longer has (a hard DELETE: its stored score must go too).
 */
async function* stageSource(input: BatchTextsInput, source: TextSource, tracker: WatermarkTracker, counters: ScoreCounters, seen: Set<number>): AsyncGenerator<Buffer> {
  const def = BATCH_TEXTS[source];
  const keys = input.keys[source];
  async function* recordSeen(batches: AsyncIterable<TextRow[]>) {
    for await (const batch of batches) {
      for (const row of batch) seen.add(row.id);
      yield batch;
    }
  }
  const settings = batchTextSettings(input.previous[source], keys);
  const raw = recordSeen(source === 'message' ? input.messaging.streamTexts(def, settings) : streamTextDataset(input.sources, def, settings));
  const stage = binaryStageRows();
  yield* scoreTextRows(dropTextsRead(raw, tracker), {
    scorer: input.scorer,
    stage,
    fullRun: false,
    counters,
    batchSize: input.batchSize,
    userOfMessageSender: (id) => input.messageSenders.get(id),
  });
  for (const id of keys) {
    if (seen.has(id)) continue;
    stage.addRemoval(source, id);
    counters.removed++;
  }
  const removals = stage.take();
  if (removals.length) yield removals;
}

/**
 * Through store-scores.ts moveStagedScores, returning whose sums moved: stored scores of the staged texts
 * are deleted (their sums decrease by the same amounts), then the new ones inserted (sums increase).
 * Replacing by key makes a re-read text count once, whoever (watch or etl) read it before.
 */
async function applyStagedScores(client: pg.ClientBase, modelId: number): Promise<Set<string>> {
  await client.query('ANALYZE watch_stage_scores');
  return (await moveStagedScores(client, modelId, 'watch_stage_scores')).users;
}

/**
 * Moves the shared text watermarks (etl_watermarks, per source and model) inside the batch transaction.
 * run_id is cleared: no etl run moved them.
 */
export async function writeBatchWatermarks(client: pg.ClientBase, marks: Watermarks, previous: Watermarks, model: string): Promise<void> {
  const moved: Watermarks = {};
  for (const source of SOURCES) {
    const wm = marks[source];
    const old = previous[source];
    if (wm && !(old && old.lastUs === wm.lastUs && old.keys.length === wm.keys.length)) moved[source] = wm;
  }
  await writeWatermarks(client, moved, null, model);
}
