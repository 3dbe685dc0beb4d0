// Writes a batch's judged users: vectors (upsert), history (appended), verdicts and labels; removes leavers.
import pg from 'pg';
import { copyIn, csvLine, type CsvValue } from '../db/copy.js';
import { TRANSFORM_COLUMNS, type RiskLevel } from '../model/feature-vector.js';
import type { VectorTable } from '../etl/transform.js';
import type { JudgedUser } from './judge-users.js';
import { analyticsSql } from '../db/sql-file.js';

export interface WriteUsersInput {
  /** Analytics client inside the batch transaction. */
  client: pg.ClientBase;
  /** History run_id of this batch (watch_batches.batch_id). */
  batchId: number;
  /** Vectors keep run_id = the full run whose normalisation they are on. */
  normRunId: number;
  clusterRunId: number;
  extractionDate: Date;
  /** Renormalised vectors (TRANSFORM_COLUMNS then one-hot columns), row i judged in judged[i]. */
  table: VectorTable;
  judged: readonly JudgedUser[];
}

const VERDICT_COLUMNS = [
  { name: 'sentiment_negativity_index', sql: 'double precision' },
  { name: 'texts_scored', sql: 'integer' },
  { name: 'crisis_texts_30d', sql: 'integer' },
  { name: 'kmeans_cluster', sql: 'smallint' },
  { name: 'dbscan_label', sql: 'integer' },
  { name: 'forest_score', sql: 'double precision' },
  { name: 'votes', sql: 'smallint' },
  { name: 'risk_level', sql: 'text' },
  { name: 'asi', sql: 'double precision' },
  { name: 'severity', sql: 'double precision' },
  { name: 'reasons', sql: 'jsonb' },
] as const;

/** Writes every judged user; returns each one's risk level before this batch (absent = new). */
export async function writeJudgedUsers(input: WriteUsersInput): Promise<Map<string, RiskLevel>> {
  const { client, table } = input;
  const types = new Map<string, string>(TRANSFORM_COLUMNS.map((c) => [c.name, c.sql]));
  const vectorCols = table.columns.map((name) => ({ name, sql: types.get(name) ?? 'boolean' }));
  const all = [...vectorCols, ...VERDICT_COLUMNS];
  const id = (c: string) => pg.escapeIdentifier(c);
  // Kept by the session and emptied by every COMMIT (its columns are fixed by the configuration).
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS watch_stage_vectors (${all.map((c) => `${id(c.name)} ${c.sql}`).join(', ')}) ON COMMIT DELETE ROWS`);
  await copyIn(client, `watch_stage_vectors (${all.map((c) => id(c.name)).join(', ')})`, stageRows(input));

  const prev = await client.query<{ user_id: string; risk_level: RiskLevel }>(
    `SELECT r.user_id_raiz::text AS user_id, r.risk_level FROM user_risk_results r JOIN watch_stage_vectors s USING (user_id_raiz)`,
  );
  const vecList = vectorCols.map((c) => id(c.name)).join(', ');
  const vecFromStage = vectorCols.map((c) => `s.${id(c.name)}`).join(', ');
  const updates = ['run_id', 'extraction_date', 'sentiment_negativity_index', 'texts_scored', 'crisis_texts_30d', 'cluster_label', ...vectorCols.map((c) => c.name)]
    .filter((c) => c !== 'user_id_raiz')
    .map((c) => `${id(c)} = EXCLUDED.${id(c)}`)
    .join(', ');
  await client.query(
    `INSERT INTO user_feature_vector (run_id, extraction_date, sentiment_negativity_index, texts_scored, crisis_texts_30d, cluster_label, ${vecList})
     SELECT $1, $2, s.sentiment_negativity_index, s.texts_scored, s.crisis_texts_30d, s.risk_level, ${vecFromStage} FROM watch_stage_vectors s
     ON CONFLICT (user_id_raiz) DO UPDATE SET ${updates}`,
    [input.normRunId, input.extractionDate],
  );
  const oneHot = vectorCols.filter((c) => !types.has(c.name)).map((c) => c.name);
  const oneHotJson = oneHot.length ? `jsonb_build_object(${oneHot.map((c) => `${pg.escapeLiteral(c)}, s.${id(c)}`).join(', ')})` : `'{}'::jsonb`;
  await client.query(
    `INSERT INTO user_feature_history (run_id, user_id_raiz, extraction_date, reciprocity_ratio_norm, days_since_last_seen_norm,
       ratio_night_messages, is_profile_incomplete, sentiment_negativity_index, num_community_categories_norm,
       reciprocity_ratio_raw, days_since_last_seen_raw, num_community_categories_raw, crisis_texts_30d, one_hot)
     SELECT $1, s.user_id_raiz, $2, s.reciprocity_ratio_norm, s.days_since_last_seen_norm,
       s.ratio_night_messages, s.is_profile_incomplete, s.sentiment_negativity_index, s.num_community_categories_norm,
       s.reciprocity_ratio_raw, s.days_since_last_seen_raw, s.num_community_categories_raw, s.crisis_texts_30d, ${oneHotJson}
     FROM watch_stage_vectors s`,
    [input.batchId, input.extractionDate],
  );
  await client.query(analyticsSql('upsert-watch-verdicts'), [input.clusterRunId, input.extractionDate]);
  return new Map(prev.rows.map((r) => [r.user_id, r.risk_level]));
}

function* stageRows(input: WriteUsersInput): Generator<string> {
  const { table, judged } = input;
  const cols = table.columns.map((c) => table.data[c]);
  const row: CsvValue[] = new Array(cols.length + VERDICT_COLUMNS.length);
  let buf = '';
  for (let i = 0; i < table.rows; i++) {
    for (let j = 0; j < cols.length; j++) row[j] = cols[j][i] as CsvValue;
    const u = judged[i];
    const v = u.verdict;
    const verdict: CsvValue[] = [u.negativity, u.textsScored, u.crisisTexts, v.kmeansLabel, v.dbscanLabel, v.forestScore, v.votes, v.level, v.asi, v.severity, JSON.stringify(u.reasons)];
    for (let k = 0; k < verdict.length; k++) row[cols.length + k] = verdict[k];
    buf += csvLine(row);
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * Users who left the population (deactivated, role changed, profile deactivated) lose their vector and
 * verdict, as the next full run would drop them. Returns how many had one.
 */
export async function removeUsers(client: pg.ClientBase, users: readonly string[]): Promise<number> {
  if (!users.length) return 0;
  const { rowCount } = await client.query(analyticsSql('delete-user-vectors'), [users]);
  await client.query(analyticsSql('delete-user-verdicts'), [users]);
  return rowCount ?? 0;
}
