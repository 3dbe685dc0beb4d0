// transform --in DIR --out DIR: extract files -> feature vectors, per-text scores and normalisation parameters.
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { createScorer } from '../nlp/create-scorer.js';
import { csvStageRows, emptyScoreCounters, scoreTextRows, STAGE_SCORE_COLUMNS, type ScoreCounters } from '../nlp/score-texts.js';
import type { Progress } from '../progress.js';
import { DATASETS, USER_DATASETS, type Columns, type TextRow } from '../model/datasets.js';
import { decodeTextRow } from './text-rows.js';
import { collectColumns } from './extract.js';
import type { ExtractManifest } from './extract-files.js';
import { oneHotColumns } from '../model/feature-vector.js';
import type { NormParams } from './normalize.js';
import { readCsvRecords, readManifest, verifySha256, writeCsvFile, writeManifest, type FileEntry } from './stage-files.js';
import { buildFeatureVectors, mapSendersToUsers, type UserDatasets } from './transform.js';
import { vectorCsvChunks } from './vector-csv.js';
import type { Watermarks } from './watermarks.js';
import { csvLine } from '../db/copy.js';

export interface TransformManifest {
  kind: 'aura-miner-transform';
  version: 1;
  referenceTime: string;
  nlpModel: string;
  oneHotColumns: string[];
  params: NormParams[];
  watermarks: { previous: Watermarks; next: Watermarks };
  texts: ScoreCounters;
  users: number;
  files: { vectors: FileEntry; scores: FileEntry };
  parameters: Record<string, unknown>;
}

export async function transformDir(config: Readonly<Config>, opts: { in: string; out: string; progress: Progress }): Promise<TransformManifest> {
  const ex = readManifest<ExtractManifest>(opts.in, 'aura-miner-extract');
  for (const d of ex.datasets) await verifySha256(opts.in, d);
  const have = new Set(ex.datasets.map((d) => d.name));
  const missing = USER_DATASETS.filter((d) => !have.has(d.name)).map((d) => d.name);
  if (missing.length) throw new ConfigError(`${opts.in} lacks ${missing.join(', ')}: transform needs every per-user dataset (extract without --tables)`);

  const users: Record<string, Columns> = {};
  for (const def of USER_DATASETS) users[def.name] = await collectColumns(readCsvRecords(opts.in, `${def.name}.csv`), def);
  const referenceTime = new Date(ex.referenceTime);
  const parameters = { timezone: ex.timezone, interestTags: config.interestTags, communityCategories: config.communityCategories, winsorQuantile: config.winsorQuantile };
  const t = buildFeatureVectors(users as unknown as UserDatasets, {
    referenceTime,
    interestTags: config.interestTags,
    communityCategories: config.communityCategories,
    winsorQuantile: config.winsorQuantile,
  });
  const senders = mapSendersToUsers(users.social_profiles as Columns, users.messaging_users as Columns);
  const vectors = await writeCsvFile(opts.out, 'vectors.csv', vectorCsvChunks(t.vectors, true));

  const scorer = await createScorer(config.nlp);
  const counters = emptyScoreCounters();
  const task = opts.progress.task('texts scored');
  const textFiles = DATASETS.filter((d) => d.kind === 'texts' && have.has(d.name));
  async function* allScores(): AsyncGenerator<string> {
    yield csvLine([...STAGE_SCORE_COLUMNS]);
    for (const def of textFiles) {
      const fullRun = !ex.watermarks.previous[def.textSource!];
      yield* scoreTextRows(textRows(readCsvRecords(opts.in, `${def.name}.csv`), def.textSource!), {
        scorer, stage: csvStageRows(), fullRun, counters, batchSize: config.nlp.batchSize * 16, onBatch: (n) => task.increment(n),
        userOfMessageSender: (id) => senders.get(id),
      });
    }
  }
  const scores = await writeCsvFile(opts.out, 'scores.csv', allScores());
  task.stop();
  await scorer.close?.();
  const manifest: TransformManifest = {
    kind: 'aura-miner-transform',
    version: 1,
    referenceTime: ex.referenceTime,
    nlpModel: scorer.modelName,
    oneHotColumns: oneHotColumns(config.interestTags, config.communityCategories),
    params: t.params,
    // Only text sources actually extracted move their watermark.
    watermarks: ex.watermarks,
    texts: counters,
    users: t.vectors.rows,
    files: { vectors: { name: 'vectors', ...vectors }, scores: { name: 'scores', ...scores } },
    parameters,
  };
  writeManifest(opts.out, manifest);
  return manifest;
}

async function* textRows(batches: AsyncIterable<(string | null)[][]>, source: TextRow['source']): AsyncGenerator<TextRow[]> {
  for await (const batch of batches) yield batch.map((r) => decodeTextRow(source, r));
}
