// etl --dry-run: checks every connection and describes what a run would read and write, writing nothing.
import type { Config, DatabaseUrls } from '../config.js';
import { applySettings } from '../db/copy.js';
import { connectAnalytics, connectSource, createAnalyticsPool, createSourcePools, endPools } from '../db/connections.js';
import { schemaVersion } from '../db/migrate.js';
import { modelNameOf } from '../nlp/create-scorer.js';
import { DATASETS } from '../model/datasets.js';
import { datasetSql, textDatasetSettings, userDatasetSettings } from './extract.js';
import { oneHotColumns } from '../model/feature-vector.js';
import { formatMicros } from './micros.js';
import { readWatermarks } from './watermarks.js';

export interface EtlPlan {
  analytics: { schemaVersion: number; currentVectors: number };
  datasets: { name: string; source: string; rows: number; since: string | null }[];
  writes: string[];
  nlpBackend: string;
}

export async function planEtl(config: Readonly<Config>, urls: DatabaseUrls): Promise<EtlPlan> {
  const modelName = modelNameOf(config.nlp);
  const analytics = createAnalyticsPool(urls.analytics, 1);
  const sources = createSourcePools(urls, 1);
  try {
    const client = await connectAnalytics(analytics);
    let version = 0;
    let current = 0;
    let marks = {};
    try {
      await client.query('SET default_transaction_read_only = on');
      version = await schemaVersion(client);
      if (version > 0) {
        marks = await readWatermarks(client, modelName);
        current = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM user_feature_vector')).rows[0].n);
      }
    } finally {
      client.release(true);
    }
    const datasets = [];
    for (const def of DATASETS) {
      const wm = def.textSource ? (marks as Record<string, { lastUs: number; keys: number[] }>)[def.textSource] : undefined;
      const src = await connectSource(sources, def.source);
      try {
        await applySettings(src, def.kind === 'texts' ? textDatasetSettings(wm) : userDatasetSettings({ timezone: config.timezone }));
        const { rows } = await src.query<{ n: string }>(`SELECT count(*) AS n FROM (${datasetSql(def)}) q`);
        datasets.push({ name: def.name, source: def.source, rows: Number(rows[0].n), since: wm ? formatMicros(wm.lastUs) : null });
      } finally {
        src.release();
      }
    }
    const writes = [
      'text_sentiment_scores (new and edited texts; removals)',
      `user_feature_vector (replaced; one-hot: ${oneHotColumns(config.interestTags, config.communityCategories).join(', ')})`,
      'user_feature_history (appended)',
      'message_counts (senders with new or changed messages; all on a first run), message_count_state',
      'normalization_params, etl_watermarks, etl_runs',
    ];
    return { analytics: { schemaVersion: version, currentVectors: current }, datasets, writes, nlpBackend: config.nlp.backend };
  } finally {
    await endPools(analytics, sources);
  }
}
