// Streams every text changed since the watermarks (of one shard), scores it, and yields binary staging rows.
import type { SourcePools } from '../db/connections.js';
import { binaryStageRows, scoreTextRows, type ScoreCounters } from '../nlp/score-texts.js';
import type { Scorer } from '../nlp/scorer.js';
import { TEXT_DATASETS, type TextRow } from '../model/datasets.js';
import { dropTextsRead, streamTextDataset, textDatasetSettings } from './extract.js';
import { mergeStreams } from './merge-streams.js';
import { WatermarkTracker, type Shard, type Watermarks } from './watermarks.js';

export interface ScoreChangedTextsOptions {
  sources: SourcePools;
  scorer: Scorer;
  previous: Watermarks;
  shard: Shard;
  batchSize: number;
  /** Resolves once message senders (messaging ids) can be mapped to auth users; messages wait for it. */
  userMap: Promise<ReadonlyMap<number, string>>;
  counters: ScoreCounters;
  onBatch?: (texts: number) => void;
  /** Called for every text stored with its score. */
  onScored?: (row: TextRow, score: number) => void;
}

export interface ScoredTexts {
  /** Staging rows (binary COPY tuples) of all three text sources, merged as they arrive. */
  rows: AsyncGenerator<Buffer>;
  /** The watermarks to store if the run commits (call after `csv` is consumed). */
  nextWatermarks(): Watermarks;
}

export function scoreChangedTexts(o: ScoreChangedTextsOptions): ScoredTexts {
  const trackers = new Map(TEXT_DATASETS.map((d) => [d.textSource!, new WatermarkTracker(o.previous[d.textSource!])]));
  const streams = TEXT_DATASETS.map((def) => {
    const wm = o.previous[def.textSource!];
    // Messages are attributed through the profile -> user map: their query starts at once, their
    // scoring when the map is there.
    let map: ReadonlyMap<number, string> | undefined;
    const ready = def.textSource === 'message' ? o.userMap.then((m) => void (map = m)) : undefined;
    const rows = dropTextsRead(streamTextDataset(o.sources, def, textDatasetSettings(wm, o.shard)), trackers.get(def.textSource!)!);
    return scoreTextRows(ready ? startedBefore(rows, ready) : rows, {
      scorer: o.scorer,
      stage: binaryStageRows(),
      fullRun: !wm,
      counters: o.counters,
      batchSize: o.batchSize,
      userOfMessageSender: (id) => map?.get(id),
      onBatch: o.onBatch,
      onScored: o.onScored,
    });
  });
  return {
    rows: mergeStreams(streams),
    nextWatermarks() {
      const marks: Watermarks = {};
      for (const [source, t] of trackers) marks[source] = t.next();
      return marks;
    },
  };
}

/**
 * Starts `rows` now (its first item is requested, so its query runs) but yields nothing before `ready`
 * resolves; fails with `ready`, closing `rows`.
 */
async function* startedBefore<T>(rows: AsyncIterable<T>, ready: Promise<void>): AsyncGenerator<T> {
  const it = rows[Symbol.asyncIterator]();
  const first = it.next();
  first.catch(() => {}); // reported when awaited below
  try {
    await ready;
    for (let r = await first; !r.done; r = await it.next()) yield r.value;
  } finally {
    await it.return?.();
  }
}
