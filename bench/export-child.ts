// One measured step of bench/export.ts in its own process: `export` itself, or the floor (the export's own COPY
// queries, in one snapshot, drained to nowhere). Prints seconds, peak RSS (VmHWM) and what was written.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { copyOutRaw } from '../src/db/copy.js';
import { EXPORT_TABLES, planExport } from '../src/export/export-tables.js';
import { selectExpression } from '../src/export/parquet-columns.js';
import { runExport } from '../src/export/run-export.js';
import { createLogger } from '../src/log.js';

const args = JSON.parse(process.argv[2]) as { mode: 'floor' | 'export'; url: string; to?: string; s3?: Record<string, string> };
const started = performance.now();
const cpuAtStart = process.cpuUsage();
let out: Record<string, unknown>;
if (args.mode === 'export') {
  const r = await runExport({ analyticsUrl: args.url, settings: { s3: args.s3 ?? {} }, logger: createLogger({ level: 'warn' }) }, { to: args.to! });
  out = { rows: r.rows, bytes: r.bytes, files: r.files.length };
} else {
  const c = new pg.Client({ connectionString: args.url });
  await c.connect();
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const plan = await planExport(c, EXPORT_TABLES, 0);
  let bytes = 0;
  for (const p of plan.parts) {
    for await (const chunk of copyOutRaw(c, `SELECT ${p.columns.map(selectExpression).join(', ')} ${p.fromSql}`, 'binary')) bytes += (chunk as Buffer).length;
  }
  await c.query('COMMIT');
  await c.end();
  out = { copyBytes: bytes, parts: plan.parts.length };
}
const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMB: m ? Number(m[1]) / 1024 : 0, ...out }) + '\n');
