// `aura-miner export --to DIR|s3://bucket/prefix`: vectors, verdicts, history and run metadata as Parquet (SPEC §9),
// and the same export as the last step of `etl --export` / `cluster --export` (or AURA_EXPORT_TARGET).
import type { Command } from 'commander';
import type { DatabaseUrls } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { EXPORT_TABLES, type ExportTableName } from '../../export/export-tables.js';
import type { ExportResult } from '../../export/run-export.js';
import { createContext, withDatabases, type CommandContext } from '../context.js';
import { parsePositiveInt } from '../parse.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('vectors, verdicts, unexported history and run metadata as Parquet in a folder or an S3 bucket')
    .option('--to <target>', 'a folder, or s3://bucket/prefix (default: AURA_EXPORT_TARGET)')
    .option('--dry-run', 'list the files that would be written and where; write nothing')
    .option('--tables <list>', `comma-separated subset of ${EXPORT_TABLES.join(',')}`)
    .option('--since <run>', 'export history from this run id on, even runs already exported')
    .option('--pseudonymise', 'replace user ids by HMAC-SHA256 under AURA_EXPORT_PSEUDONYM_KEY')
    .option('--list-tables', 'list the exported tables and exit')
    .action(async (opts, cmd: Command) => {
      const ctx = createContext(cmd);
      if (opts.listTables) return ctx.print(EXPORT_TABLES, () => EXPORT_TABLES.join('\n'));
      const to = opts.to ?? ctx.config.export.target;
      if (!to) throw new ConfigError('export needs a target: --to DIR or --to s3://bucket/prefix (or AURA_EXPORT_TARGET)');
      const tables = parseTables(opts.tables);
      const since = opts.since === undefined ? undefined : parsePositiveInt('--since', opts.since);
      await withDatabases(ctx, async ({ urls }) => {
        const result = await exportTo(ctx, urls, to, { tables, since, pseudonymise: Boolean(opts.pseudonymise) || undefined, dryRun: Boolean(opts.dryRun) });
        ctx.print(result, () => formatExport(result));
      });
    });
}

/** `etl --export` and `cluster --export`: the flag, else AURA_EXPORT_TARGET; nothing when neither is set. */
export async function exportAfterRun(ctx: CommandContext, urls: DatabaseUrls, flag: string | undefined): Promise<void> {
  const to = flag ?? ctx.config.export.target;
  if (!to) return;
  const result = await exportTo(ctx, urls, to, {});
  ctx.logger.info({ target: result.target, manifest: result.manifest, files: result.files.length, rows: result.rows, bytes: result.bytes }, 'exported');
}

async function exportTo(ctx: CommandContext, urls: DatabaseUrls, to: string, opts: { tables?: ExportTableName[]; since?: number; pseudonymise?: boolean; dryRun?: boolean }): Promise<ExportResult> {
  const { runExport } = await import('../../export/run-export.js');
  const { pseudonymKey, s3, pseudonymise } = ctx.config.export;
  return runExport({ analyticsUrl: urls.analytics, settings: { pseudonymKey, s3 }, logger: ctx.logger }, { to, ...opts, pseudonymise: opts.pseudonymise ?? pseudonymise });
}

function parseTables(raw: string | undefined): ExportTableName[] | undefined {
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(EXPORT_TABLES as readonly string[]).includes(n));
  if (!names.length || unknown.length) throw new ConfigError(`--tables must name some of ${EXPORT_TABLES.join(', ')}, got "${raw}"`);
  return names as ExportTableName[];
}

function formatExport(r: ExportResult): string {
  const lines = r.files.map((f) => `${r.dryRun ? 'would write' : 'wrote'} ${f.path}\t${f.rows} rows${f.bytes === null ? '' : `\t${f.bytes} bytes`}`);
  lines.push(r.dryRun ? `dry run: ${r.files.length} files, ${r.rows} rows to ${r.target} (and a manifest); nothing written` : `exported ${r.files.length} files, ${r.rows} rows, ${r.bytes} bytes to ${r.target}; manifest ${r.manifest}; history watermark ${r.historyWatermark}`);
  return lines.join('\n');
}
