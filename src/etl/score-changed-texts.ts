// Streams every text changed since the watermarks (of one shard), scores it, and yields binary staging rows.
import type { SourcePools } from '../db/connections.js';
import { binaryStageRows, scoreTextRows, type ScoreCounters } from '../nlp/score-texts.js';
import type { Scorer } from '../nlp/scorer.js';
import { TEXT_DATASETS, type TextRow } from './datasets.js';
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
  const streams = TEXT_DATASETS.map((def) =>
    streamAfter(def.textSource === 'message' ? o.userMap : Promise.resolve(undefined), (map) => {
      const wm = o.previous[def.textSource!];
      const rows = dropTextsRead(streamTextDataset(o.sources, def, textDatasetSettings(wm, o.shard)), trackers.get(def.textSource!)!);
      return scoreTextRows(rows, {
        scorer: o.scorer,
        stage: binaryStageRows(),
        fullRun: !wm,
        counters: o.counters,
        batchSize: o.batchSize,
        userOfMessageSender: (id) => map?.get(id),
        onBatch: o.onBatch,
        onScored: o.onScored,
      });
    }),
  );
  return {
    rows: mergeStreams(streams),
    nextWatermarks() {
      const marks: Watermarks = {};
      for (const [source, t] of trackers) marks[source] = t.next();
      return marks;
    },
  };
}

/** A stream that starts only when `ready` resolves (and fails with it). */
async function* streamAfter<T, R>(ready: Promise<T>, start: (value: T) => AsyncIterable<R>): AsyncGenerator<R> {
  yield* start(await ready);
}
