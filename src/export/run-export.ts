// `export`: the current vectors and verdicts, the history runs this target does not hold yet, and their run
// metadata, as Parquet (SPEC §9). Order of the steps is what makes an export safe to interrupt:
//   1. check the target (one line naming it when it cannot be written), while the snapshot is opened;
//   2. in one read-only snapshot, plan and write every part to a local staging folder (COPY -> row groups);
//   3. make the parts visible under their final names (S3 uploads each part while the next one is encoded and
//      completes the uploads only now); 4. write the manifest; 5. move the history watermark.
// A failure before 4 leaves no manifest (readers that follow manifests see nothing of it) and the watermark
// where it was; the next export writes the same parts again under the same names.
import { join } from 'node:path';
import pg from 'pg';
import { ConfigError, NothingToDoError } from '../errors.js';
import type { Logger } from '../log.js';
import { describePgError } from '../db/connections.js';
import { LoadError } from '../errors.js';
import { buildManifest, type ManifestFile } from './export-manifest.js';
import { planExport, EXPORT_TABLES, type ExportTableName, type PlannedPart } from './export-tables.js';
import { parseTarget, targetName, type ExportTarget } from './export-target.js';
import { moveHistoryWatermark, readHistoryWatermark } from './export-watermark.js';
import { FolderTarget } from './folder-target.js';
import { pseudonymiser } from './parquet-columns.js';
import { S3Target, type S3Settings } from './s3-target.js';
import { RowGroupEncoder } from './row-group-encoder.js';
import { startParquetPart } from './write-parquet-part.js';

export interface ExportSettings {
  /** AURA_EXPORT_PSEUDONYM_KEY: the HMAC key of --pseudonymise. */
  pseudonymKey?: string;
  s3: S3Settings;
}

export interface ExportOptions {
  to: string;
  tables?: readonly ExportTableName[];
  /** Export history from this run on (inclusive), whatever the watermark says; the watermark never moves back. */
  since?: number;
  pseudonymise?: boolean;
  dryRun?: boolean;
  rowGroupRows?: number;
}

export interface ExportResult {
  target: string;
  dryRun: boolean;
  manifest: string | null;
  files: { path: string; table: string; rows: number; bytes: number | null; sha256: string | null }[];
  rows: number;
  bytes: number;
  historyWatermark: number;
}

/** Shortest key a user can be given: HMAC keys shorter than this are guessable. */
const MIN_KEY_LENGTH = 16;

export function createTarget(to: string, settings: ExportSettings): ExportTarget {
  const spec = parseTarget(to);
  const name = targetName(spec);
  return spec.kind === 's3' ? new S3Target(name, spec.bucket, spec.prefix, settings.s3) : new FolderTarget(name);
}

export async function runExport(
  deps: { analyticsUrl: string; settings: ExportSettings; logger: Logger; target?: ExportTarget },
  opts: ExportOptions,
): Promise<ExportResult> {
  const tables = opts.tables ?? EXPORT_TABLES;
  let hash: ((id: string) => string) | undefined;
  if (opts.pseudonymise) {
    const key = deps.settings.pseudonymKey ?? '';
    if (key.length < MIN_KEY_LENGTH) throw new ConfigError(`--pseudonymise needs AURA_EXPORT_PSEUDONYM_KEY (a secret of at least ${MIN_KEY_LENGTH} characters, e.g. \`openssl rand -hex 32\`)`);
    hash = pseudonymiser(key);
  }
  const target = deps.target ?? createTarget(opts.to, deps.settings);
  const log = deps.logger.child({ stage: 'export', target: target.name });
  const client = new pg.Client({ connectionString: deps.analyticsUrl, application_name: 'aura-miner export', options: '-c TimeZone=UTC' });
  // The target is checked while the snapshot is opened and planned (its first request costs the SDK's set-up and
  // a round trip); its failure still comes first, before any error of the database's, and before any file.
  const checked = target.check();
  checked.catch(() => {}); // awaited below
  try {
    const { watermark, after, plan } = await openSnapshot(client, target, tables, opts).catch(async (err: unknown) => {
      await checked;
      throw err;
    });
    await checked;
    if (!plan.parts.length) throw new NothingToDoError(`nothing to export to ${target.name}: no vectors, verdicts or history runs after ${after}`);
    if (opts.dryRun) {
      await client.query('COMMIT');
      return {
        target: target.name, dryRun: true, manifest: null, rows: sum(plan.parts.map((p) => p.rows)), bytes: 0, historyWatermark: watermark,
        files: plan.parts.map((p) => ({ path: p.key, table: p.table, rows: p.rows, bytes: null, sha256: null })),
      };
    }
    const dir = await target.stage();
    const files: ManifestFile[] = [];
    // Parts in a pipeline: once a part's COPY is over, the connection runs the next part's COPY while the worker
    // still encodes the full row groups of the one before and its file is finished (a part's last, partial group
    // is encoded on this thread before its COPY returns). Files are checked and sent in plan order.
    const encoder = new RowGroupEncoder();
    let previous: Promise<void> = Promise.resolve();
    try {
      for (const [i, part] of plan.parts.entries()) {
        const started = performance.now();
        const localPath = join(dir, `part-${i}.parquet`);
        const { done } = await startParquetPart({ client, fromSql: part.fromSql, columns: part.columns, file: localPath, hash, rowGroupRows: opts.rowGroupRows, encoder });
        done.catch(() => {}); // awaited in turn below; a failure must not be unhandled meanwhile
        previous = previous.then(async () => {
          const w = await done;
          checkRows(part, w.rows);
          target.send({ key: part.key, localPath, bytes: w.bytes, sha256: w.sha256 });
          files.push({ path: part.key, table: part.table, run_id: part.runId, run_date: part.runDate, rows: w.rows, bytes: w.bytes, sha256: w.sha256 });
          log.info({ table: part.table, runId: part.runId, rows: w.rows, bytes: w.bytes, seconds: round((performance.now() - started) / 1000) }, 'export part written');
        });
        previous.catch(() => {});
      }
      await previous;
    } finally {
      await previous.catch(() => {});
      await encoder.close();
    }
    await client.query('COMMIT');
    await target.publish();
    const { key, body } = buildManifest(plan, files, hash !== undefined);
    await target.putSmall(key, body);
    let historyWatermark = watermark;
    if (plan.historyRunIds.length) {
      historyWatermark = Math.max(watermark, ...plan.historyRunIds);
      await moveHistoryWatermark(client, target.name, historyWatermark, key);
    }
    log.info({ files: files.length, rows: sum(files.map((f) => f.rows)), bytes: sum(files.map((f) => f.bytes)), historyWatermark }, 'export complete');
    return {
      target: target.name, dryRun: false, manifest: key, rows: sum(files.map((f) => f.rows)), bytes: sum(files.map((f) => f.bytes)) + body.length, historyWatermark,
      files: files.map((f) => ({ path: f.path, table: f.table, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
    };
  } finally {
    await target.cleanUp();
    await client.end().catch(() => {});
  }
}

/** Connects, opens the export's read-only snapshot and plans the parts in it. */
async function openSnapshot(client: pg.Client, target: ExportTarget, tables: readonly ExportTableName[], opts: ExportOptions) {
  try {
    await client.connect();
  } catch (err) {
    throw new LoadError(`cannot connect to the analytics database (DATABASE_URL_ANALYTICS): ${describePgError(err)}`, { cause: err });
  }
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const migrated = (await client.query<{ ok: boolean }>(`SELECT to_regclass('export_watermarks') IS NOT NULL AS ok`)).rows[0].ok;
  if (!migrated) throw new ConfigError('the analytics schema has no export_watermarks table: run `aura-miner migrate` first');
  const watermark = await readHistoryWatermark(client, target.name);
  const after = opts.since !== undefined ? opts.since - 1 : watermark;
  return { watermark, after, plan: await planExport(client, tables, after) };
}

/** The COPY ran in the plan's snapshot, so its row count must be the planned one. */
function checkRows(part: PlannedPart, rows: number): void {
  if (rows !== part.rows) throw new Error(`export ${part.key}: copied ${rows} rows, planned ${part.rows}`);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
