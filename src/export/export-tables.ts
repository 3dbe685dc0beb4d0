// The allow-list: which analytics tables reach the lake, under which name, partitioned by which run, in which
// order. Columns come from the catalog (parquet-columns.ts); texts, per-text scores and blobs are never listed.
import type pg from 'pg';
import { readExportColumns, type ExportColumn } from './parquet-columns.js';

export const EXPORT_TABLES = ['vectors', 'risk', 'history', 'etl_runs', 'cluster_runs'] as const;
export type ExportTableName = (typeof EXPORT_TABLES)[number];

const SOURCE: Record<ExportTableName, string> = {
  vectors: 'user_feature_vector',
  risk: 'user_risk_results',
  history: 'user_feature_history',
  etl_runs: 'etl_runs',
  cluster_runs: 'cluster_runs',
};

/** One Parquet file to write: `<table>/run_date=<date>/run_id=<id>/part-0000.parquet`. */
export interface PlannedPart {
  table: ExportTableName;
  key: string;
  runId: number;
  runDate: string;
  rows: number;
  /** What follows the select list in the COPY query (run ids are integers checked here, never text input). */
  fromSql: string;
  columns: ExportColumn[];
}

export interface ExportPlan {
  parts: PlannedPart[];
  columns: Partial<Record<ExportTableName, ExportColumn[]>>;
  etlRunId: number | undefined;
  clusterRunId: number | undefined;
  historyRunIds: number[];
}

export function partKey(table: string, runDate: string, runId: number): string {
  return `${table}/run_date=${runDate}/run_id=${runId}/part-0000.parquet`;
}

function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function int(v: unknown): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer run id: ${String(v)}`);
  return n;
}

/**
 * Plans one export inside the caller's snapshot: the current vectors and verdicts (one partition each, under the
 * run that produced them), history runs after `historyAfter`, and the metadata rows of those runs.
 */
export async function planExport(client: pg.ClientBase, tables: readonly ExportTableName[], historyAfter: number): Promise<ExportPlan> {
  const columns: ExportPlan['columns'] = {};
  for (const t of tables) columns[t] = await readExportColumns(client, SOURCE[t]);
  const parts: PlannedPart[] = [];
  const order = (t: ExportTableName) => (columns[t]!.some((c) => c.name === 'user_id_raiz') ? ' ORDER BY user_id_raiz' : '');

  const vectors = (await client.query<{ run_id: string | null; rows: number; reference_time: Date | null }>(
    `SELECT v.run_id, v.rows, r.reference_time FROM (SELECT max(run_id) AS run_id, count(*)::int AS rows FROM user_feature_vector) v
       LEFT JOIN etl_runs r ON r.run_id = v.run_id`,
  )).rows[0];
  const etlRunId = vectors.run_id === null ? undefined : int(vectors.run_id);
  const risk = (await client.query<{ run_id: string | null; rows: number; run_time: Date | null }>(
    `SELECT x.run_id, x.rows, coalesce(e.reference_time, c.started_at) AS run_time
       FROM (SELECT max(cluster_run_id) AS run_id, count(*)::int AS rows FROM user_risk_results) x
       LEFT JOIN cluster_runs c ON c.cluster_run_id = x.run_id LEFT JOIN etl_runs e ON e.run_id = c.etl_run_id`,
  )).rows[0];
  const clusterRunId = risk.run_id === null ? undefined : int(risk.run_id);
  const history = tables.includes('history')
    ? (await client.query<{ run_id: string; rows: number; run_time: Date }>(
        `SELECT run_id, count(*)::int AS rows, min(extraction_date) AS run_time FROM user_feature_history WHERE run_id > $1 GROUP BY run_id ORDER BY run_id`,
        [historyAfter],
      )).rows.map((r) => ({ runId: int(r.run_id), rows: r.rows, runDate: utcDate(r.run_time) }))
    : [];

  const vectorsDate = etlRunId !== undefined ? utcDate(vectors.reference_time ?? new Date(0)) : '';
  if (tables.includes('vectors') && etlRunId !== undefined && vectors.rows > 0) {
    parts.push({ table: 'vectors', key: partKey('vectors', vectorsDate, etlRunId), runId: etlRunId, runDate: vectorsDate, rows: vectors.rows, fromSql: `FROM user_feature_vector${order('vectors')}`, columns: columns.vectors! });
  }
  if (tables.includes('risk') && clusterRunId !== undefined && risk.rows > 0) {
    const d = utcDate(risk.run_time ?? new Date(0));
    parts.push({ table: 'risk', key: partKey('risk', d, clusterRunId), runId: clusterRunId, runDate: d, rows: risk.rows, fromSql: `FROM user_risk_results${order('risk')}`, columns: columns.risk! });
  }
  for (const h of history) {
    parts.push({ table: 'history', key: partKey('history', h.runDate, h.runId), runId: h.runId, runDate: h.runDate, rows: h.rows, fromSql: `FROM user_feature_history WHERE run_id = ${h.runId}${order('history')}`, columns: columns.history! });
  }
  if (tables.includes('etl_runs')) {
    const ids = [...new Set([...(etlRunId !== undefined ? [etlRunId] : []), ...history.map((h) => h.runId)])];
    const runs = ids.length
      ? (await client.query<{ run_id: string; reference_time: Date }>(`SELECT run_id, reference_time FROM etl_runs WHERE run_id = ANY($1::bigint[]) AND status = 'succeeded' ORDER BY run_id`, [ids])).rows
      : [];
    for (const r of runs) {
      const id = int(r.run_id);
      const d = utcDate(r.reference_time);
      parts.push({ table: 'etl_runs', key: partKey('etl_runs', d, id), runId: id, runDate: d, rows: 1, fromSql: `FROM etl_runs WHERE run_id = ${id}`, columns: columns.etl_runs! });
    }
  }
  if (tables.includes('cluster_runs') && clusterRunId !== undefined) {
    const d = utcDate(risk.run_time ?? new Date(0));
    parts.push({ table: 'cluster_runs', key: partKey('cluster_runs', d, clusterRunId), runId: clusterRunId, runDate: d, rows: 1, fromSql: `FROM cluster_runs WHERE cluster_run_id = ${clusterRunId}`, columns: columns.cluster_runs! });
  }
  return { parts, columns, etlRunId: tables.includes('vectors') || tables.includes('etl_runs') ? etlRunId : undefined, clusterRunId: tables.includes('risk') || tables.includes('cluster_runs') ? clusterRunId : undefined, historyRunIds: history.map((h) => h.runId) };
}
