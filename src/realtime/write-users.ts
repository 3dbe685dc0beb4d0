// Writes a batch's judged users: vectors (upsert), history (appended), verdicts and labels; removes leavers.
import pg from 'pg';
import { copyIn, csvLine, type CsvValue } from '../db/copy.js';
import type { RiskLevel } from '../model/feature-vector.js';
import { scoresColumn, transformColumns } from '../model/kpi-columns.js';
import type { KpiRegistry } from '../model/kpis.js';
import { historyInsertSql } from '../etl/history-insert.js';
import type { VectorTable } from '../etl/transform.js';
import type { JudgedUser } from './judge-users.js';

export interface WriteUsersInput {
  /** Analytics client inside the batch transaction. */
  client: pg.ClientBase;
  /** History run_id of this batch (watch_batches.batch_id). */
  batchId: number;
  /** Vectors keep run_id = the full run whose normalisation they are on. */
  normRunId: number;
  clusterRunId: number;
  extractionDate: Date;
  /** Renormalised vectors (transformColumns(kpis) then one-hot columns), row i judged in judged[i]. */
  table: VectorTable;
  judged: readonly JudgedUser[];
  kpis: KpiRegistry;
}

/** Staged after the vector columns, in stageRows' order; the first is the KPI from the text scores (the negativity index). */
const verdictColumns = (kpis: KpiRegistry) => [
  { name: scoresColumn(kpis), sql: 'double precision' },
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
];

/** Writes every judged user; returns each one's risk level before this batch (absent = new). */
export async function writeJudgedUsers(input: WriteUsersInput): Promise<Map<string, RiskLevel>> {
  const { client, table, kpis } = input;
  const types = new Map<string, string>(transformColumns(kpis).map((c) => [c.name, c.sql]));
  const vectorCols = table.columns.map((name) => ({ name, sql: types.get(name) ?? 'boolean' }));
  const negativity = scoresColumn(kpis);
  const all = [...vectorCols, ...verdictColumns(kpis)];
  const id = (c: string) => pg.escapeIdentifier(c);
  // Kept by the session and emptied by every COMMIT (its columns are fixed by the configuration).
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS watch_stage_vectors (${all.map((c) => `${id(c.name)} ${c.sql}`).join(', ')}) ON COMMIT DELETE ROWS`);
  await copyIn(client, `watch_stage_vectors (${all.map((c) => id(c.name)).join(', ')})`, stageRows(input));

  const prev = await client.query<{ user_id: string; risk_level: RiskLevel }>(
    `SELECT r.user_id_raiz::text AS user_id, r.risk_level FROM user_risk_results r JOIN watch_stage_vectors s USING (user_id_raiz)`,
  );
  const vecList = vectorCols.map((c) => id(c.name)).join(', ');
  const vecFromStage = vectorCols.map((c) => `s.${id(c.name)}`).join(', ');
  const updates = ['run_id', 'extraction_date', negativity, 'texts_scored', 'crisis_texts_30d', 'cluster_label', ...vectorCols.map((c) => c.name)]
    .filter((c) => c !== 'user_id_raiz')
    .map((c) => `${id(c)} = EXCLUDED.${id(c)}`)
    .join(', ');
  await client.query(
    `INSERT INTO user_feature_vector (run_id, extraction_date, ${id(negativity)}, texts_scored, crisis_texts_30d, cluster_label, ${vecList})
     SELECT $1, $2, s.${id(negativity)}, s.texts_scored, s.crisis_texts_30d, s.risk_level, ${vecFromStage} FROM watch_stage_vectors s
     ON CONFLICT (user_id_raiz) DO UPDATE SET ${updates}`,
    [input.normRunId, input.extractionDate],
  );
  const oneHot = vectorCols.filter((c) => !types.has(c.name)).map((c) => c.name);
  await client.query(historyInsertSql(kpis, oneHot, { source: 'watch_stage_vectors s', runId: '$1', extractionDate: '$2' }), [input.batchId, input.extractionDate]);
  await client.query(
    `INSERT INTO user_risk_results (user_id_raiz, cluster_run_id, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi, severity, reasons, updated_at)
     SELECT s.user_id_raiz, $1, s.kmeans_cluster, s.dbscan_label, s.forest_score, s.votes, s.risk_level, s.asi, s.severity, s.reasons, $2 FROM watch_stage_vectors s
     ON CONFLICT (user_id_raiz) DO UPDATE SET cluster_run_id = EXCLUDED.cluster_run_id, kmeans_cluster = EXCLUDED.kmeans_cluster,
       dbscan_label = EXCLUDED.dbscan_label, forest_score = EXCLUDED.forest_score, votes = EXCLUDED.votes,
       risk_level = EXCLUDED.risk_level, asi = EXCLUDED.asi, severity = EXCLUDED.severity, reasons = EXCLUDED.reasons, updated_at = EXCLUDED.updated_at`,
    [input.clusterRunId, input.extractionDate],
  );
  return new Map(prev.rows.map((r) => [r.user_id, r.risk_level]));
}

function* stageRows(input: WriteUsersInput): Generator<string> {
  const { table, judged } = input;
  const cols = table.columns.map((c) => table.data[c]);
  const row: CsvValue[] = new Array(cols.length + verdictColumns(input.kpis).length);
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
  const { rowCount } = await client.query('DELETE FROM user_feature_vector WHERE user_id_raiz = ANY($1::uuid[])', [users]);
  await client.query('DELETE FROM user_risk_results WHERE user_id_raiz = ANY($1::uuid[])', [users]);
  return rowCount ?? 0;
}
