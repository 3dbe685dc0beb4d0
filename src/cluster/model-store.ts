// Persists fitted ensemble models (gzip JSON in cluster_models) and loads the latest one back.
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import type { EnsembleModel } from './ensemble-model.js';
import { parseEnsembleModel, serializeEnsembleModel, type EnsembleModelJson } from './ensemble-model-json.js';
import { analyticsSql } from '../db/sql-file.js';

export async function saveEnsembleModel(client: pg.ClientBase, clusterRunId: number, etlRunId: number | undefined, model: EnsembleModel): Promise<void> {
  const gz = gzipSync(Buffer.from(JSON.stringify(serializeEnsembleModel(model))));
  await client.query(analyticsSql('insert-cluster-model'), [clusterRunId, etlRunId ?? null, gz]);
}

export interface StoredModel {
  clusterRunId: number;
  etlRunId: number | null;
  model: EnsembleModel;
}

/** The model of the latest successful cluster run, or undefined when none has run. */
export async function loadLatestEnsembleModel(client: pg.ClientBase): Promise<StoredModel | undefined> {
  const { rows } = await client.query<{ cluster_run_id: string; etl_run_id: string | null; model_gzip: Buffer }>(
    `SELECT m.cluster_run_id, m.etl_run_id, m.model_gzip FROM cluster_models m
     JOIN cluster_runs r USING (cluster_run_id) WHERE r.status = 'succeeded'
     ORDER BY m.cluster_run_id DESC LIMIT 1`,
  );
  if (!rows.length) return undefined;
  const json = JSON.parse(gunzipSync(rows[0].model_gzip).toString('utf8')) as EnsembleModelJson;
  return { clusterRunId: Number(rows[0].cluster_run_id), etlRunId: rows[0].etl_run_id === null ? null : Number(rows[0].etl_run_id), model: parseEnsembleModel(json) };
}
