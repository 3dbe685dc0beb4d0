// extract --out DIR: the datasets as CSV files plus manifest.json (reference time, counts, sha256, types, watermarks).
import type { Config, DatabaseUrls } from '../config.js';
import { csvLine } from '../db/copy.js';
import { connectAnalytics, createAnalyticsPool, createSourcePools, endPools } from '../db/connections.js';
import type { Progress } from '../progress.js';
import { estimateTextDataset } from './text-estimates.js';
import { type DatasetDef, type TextRow, type TextSource } from '../model/datasets.js';
import { textRowCsv } from './text-rows.js';
import { dropTextsRead, streamDataset, streamTextDataset, textDatasetSettings, userDatasetSettings } from './extract.js';
import { requireSchema } from '../db/preflight.js';
import { modelNameOf } from '../nlp/create-scorer.js';
import { writeCsvFile, writeManifest, type FileEntry } from './stage-files.js';
import { readWatermarks, WatermarkTracker, type Watermarks } from './watermarks.js';

export interface ExtractManifest {
  kind: 'aura-miner-extract';
  version: 1;
  referenceTime: string;
  timezone: string;
  datasets: (FileEntry & { source: string; columns: DatasetDef['columns'] })[];
  /** Watermarks the extract started from (load refuses if they moved meanwhile) and the ones to store. */
  watermarks: { previous: Watermarks; next: Watermarks };
}

export async function extractToDir(
  config: Readonly<Config>,
  urls: DatabaseUrls,
  opts: { out: string; datasets: DatasetDef[]; referenceTime?: Date; progress: Progress },
): Promise<ExtractManifest> {
  const analytics = createAnalyticsPool(urls.analytics, 1);
  const sources = createSourcePools(urls, 3);
  try {
    const client = await connectAnalytics(analytics);
    let previous: Watermarks;
    try {
      await requireSchema(client);
      previous = await readWatermarks(client, modelNameOf(config.nlp));
    } finally {
      client.release();
    }
    const referenceTime = opts.referenceTime ?? new Date();
    const next: Watermarks = {};
    const entries = await Promise.all(
      opts.datasets.map(async (def) => {
        const task = opts.progress.task(def.name);
        if (def.textSource) void estimateTextDataset(sources, def, previous[def.textSource]).then((n) => n && task.setTotal(n));
        const tracker = def.textSource ? new WatermarkTracker(previous[def.textSource]) : undefined;
        const settings = tracker ? textDatasetSettings(previous[def.textSource!]) : userDatasetSettings({ timezone: config.timezone });
        const lines = tracker
          ? textsCsv(dropTextsRead(streamTextDataset(sources, def, settings), tracker))
          : recordsCsv(streamDataset(sources, def, settings));
        const file = await writeCsvFile(opts.out, `${def.name}.csv`, withHeader(def, lines, (n) => task.increment(n)));
        task.stop();
        if (tracker) next[def.textSource as TextSource] = tracker.next();
        return { name: def.name, source: def.source, columns: def.columns, ...file };
      }),
    );
    const manifest: ExtractManifest = {
      kind: 'aura-miner-extract',
      version: 1,
      referenceTime: referenceTime.toISOString(),
      timezone: config.timezone,
      datasets: entries,
      watermarks: { previous, next },
    };
    writeManifest(opts.out, manifest);
    return manifest;
  } finally {
    await endPools(analytics, sources);
  }
}

/** The header line, then the data chunks, counting rows. */
async function* withHeader(def: DatasetDef, chunks: AsyncIterable<{ csv: string; rows: number }>, onRows: (n: number) => void): AsyncGenerator<string> {
  yield csvLine(def.columns.map((c) => c.name));
  for await (const c of chunks) {
    onRows(c.rows);
    if (c.csv) yield c.csv;
  }
}

async function* recordsCsv(batches: AsyncIterable<(string | null)[][]>): AsyncGenerator<{ csv: string; rows: number }> {
  for await (const batch of batches) {
    let csv = '';
    for (const rec of batch) csv += csvLine(rec);
    yield { csv, rows: batch.length };
  }
}

/** Texts already read by an earlier run (same key at exactly the watermark) were dropped before. */
async function* textsCsv(batches: AsyncIterable<TextRow[]>): AsyncGenerator<{ csv: string; rows: number }> {
  for await (const batch of batches) {
    let csv = '';
    for (const row of batch) csv += textRowCsv(row);
    yield { csv, rows: batch.length };
  }
}
