// `_manifests/<export id>/_manifest.json`: what one export wrote (files, rows, bytes, sha256, columns), written
// after every file is in place. It holds no wall-clock time, so the same export gives the same bytes; its id
// is the last run it covers and a hash of its files.
import { createHash } from 'node:crypto';
import { parquetTypeName, type ExportColumn } from './parquet-columns.js';
import type { ExportPlan, ExportTableName } from './export-tables.js';

/** Bumped when the layout or the meaning of a manifest field changes. */
export const EXPORT_SCHEMA_VERSION = 1;

export interface ManifestFile {
  path: string;
  table: ExportTableName;
  run_id: number;
  run_date: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  schema_version: number;
  export_id: string;
  format: 'parquet';
  compression: 'snappy';
  pseudonymised: boolean;
  runs: { etl_run_id: number | null; cluster_run_id: number | null; history_run_ids: number[] };
  tables: Record<string, { columns: { name: string; type: string; nullable: boolean }[] }>;
  files: ManifestFile[];
}

export function buildManifest(plan: ExportPlan, files: ManifestFile[], pseudonymised: boolean): { key: string; manifest: Manifest; body: Buffer } {
  const tables: Manifest['tables'] = {};
  for (const [t, cols] of Object.entries(plan.columns) as [string, ExportColumn[]][]) {
    tables[t] = { columns: cols.map((c) => ({ name: c.name, type: parquetTypeName(c, pseudonymised), nullable: c.nullable })) };
  }
  const lastRun = Math.max(0, ...files.map((f) => f.run_id));
  const digest = createHash('sha256').update(JSON.stringify({ files, tables, pseudonymised })).digest('hex').slice(0, 12);
  const exportId = `run-${lastRun}-${digest}`;
  const manifest: Manifest = {
    schema_version: EXPORT_SCHEMA_VERSION,
    export_id: exportId,
    format: 'parquet',
    compression: 'snappy',
    pseudonymised,
    runs: { etl_run_id: plan.etlRunId ?? null, cluster_run_id: plan.clusterRunId ?? null, history_run_ids: plan.historyRunIds },
    tables,
    files,
  };
  return { key: `_manifests/${exportId}/_manifest.json`, manifest, body: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') };
}
