// `npm run bench -- parquet-writers`: the three Parquet writers the export could use, on the same vector-shaped
// rows (1 uuid text, 1 int64, 1 timestamp, 10 doubles, 6 int32, 3 booleans, 1 three-valued text), written in
// row groups of 65,536 rows as the export receives them from COPY. Each writer runs in its own process
// (clean peak RSS); the figures go to bench/results/parquet-writers-N.json (README: why hyparquet-writer).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../src/paths.js';

const GROUP = 65_536;
const DOUBLES = 10;
const INTS = 6;
const BOOLS = 3;
const LEVELS = ['high', 'moderate', 'low'];

interface Group {
  ids: string[];
  runIds: bigint[];
  times: bigint[];
  doubles: Float64Array[];
  ints: Int32Array[];
  bools: boolean[][];
  labels: string[];
}

/** Deterministic rows, one group at a time (the writer never sees more than one group). */
function* groups(rows: number): Generator<Group> {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let at = 0; at < rows; at += GROUP) {
    const n = Math.min(GROUP, rows - at);
    const g: Group = { ids: [], runIds: [], times: [], doubles: [], ints: [], bools: [], labels: [] };
    for (let c = 0; c < DOUBLES; c++) g.doubles.push(new Float64Array(n));
    for (let c = 0; c < INTS; c++) g.ints.push(new Int32Array(n));
    for (let c = 0; c < BOOLS; c++) g.bools.push(new Array<boolean>(n));
    for (let i = 0; i < n; i++) {
      const k = at + i;
      g.ids.push(`${k.toString(16).padStart(8, '0')}-0000-4000-8000-${(k * 7919).toString(16).padStart(12, '0').slice(-12)}`);
      g.runIds.push(412n);
      g.times.push(1_796_601_600_000_000n + BigInt(k));
      for (let c = 0; c < DOUBLES; c++) g.doubles[c][i] = rnd();
      for (let c = 0; c < INTS; c++) g.ints[c][i] = Math.floor(rnd() * 500);
      for (let c = 0; c < BOOLS; c++) g.bools[c][i] = rnd() < 0.3;
      g.labels.push(LEVELS[Math.floor(rnd() * 3)]);
    }
    yield g;
  }
}

async function hyparquet(rows: number, file: string): Promise<void> {
  const { ParquetWriter } = await import('hyparquet-writer');
  const { FileSink } = await import('../src/export/parquet-file-sink.js');
  const sink = await FileSink.open(file);
  const schema = [
    { name: 'root', num_children: 3 + DOUBLES + INTS + BOOLS },
    { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'run_id', type: 'INT64', repetition_type: 'REQUIRED' },
    { name: 'ts', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } },
    ...Array.from({ length: DOUBLES }, (_, c) => ({ name: `d${c}`, type: 'DOUBLE', repetition_type: 'REQUIRED' })),
    ...Array.from({ length: INTS }, (_, c) => ({ name: `i${c}`, type: 'INT32', repetition_type: 'REQUIRED' })),
    ...Array.from({ length: BOOLS }, (_, c) => ({ name: `b${c}`, type: 'BOOLEAN', repetition_type: 'REQUIRED' })),
  ];
  schema[0].num_children = schema.length - 1 + 1;
  schema.push({ name: 'label', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
  const w = new ParquetWriter({ writer: sink.writer, schema: schema as never, codec: 'SNAPPY' });
  for (const g of groups(rows)) {
    const columnData = [
      { name: 'id', data: g.ids },
      { name: 'run_id', data: g.runIds },
      { name: 'ts', data: g.times },
      ...g.doubles.map((data, c) => ({ name: `d${c}`, data })),
      ...g.ints.map((data, c) => ({ name: `i${c}`, data })),
      ...g.bools.map((data, c) => ({ name: `b${c}`, data })),
      { name: 'label', data: g.labels },
    ];
    await w.write({ columnData: columnData as never, rowGroupSize: GROUP });
  }
  await w.finish();
  await sink.close();
}

/**
 * parquet-wasm's streaming writer (transformParquetStream) refused the record batches it had produced itself
 * ("Dyn casting error", 0.8.0 on Node 20), so it is measured the only way that works here: the Arrow batches
 * collected into one table and written whole (not streaming: the whole table is in memory).
 */
async function parquetWasm(rows: number, file: string): Promise<void> {
  const arrow = await import('apache-arrow');
  const pw = await import('parquet-wasm');
  const batches = [];
  for (const g of groups(rows)) {
    const cols: Record<string, unknown> = {
      id: arrow.vectorFromArray(g.ids, new arrow.Utf8()),
      run_id: arrow.vectorFromArray(g.runIds, new arrow.Int64()),
      ts: arrow.vectorFromArray(g.times.map((t) => Number(t) / 1000), new arrow.TimestampMicrosecond('UTC')), // arrow's setter takes ms
    };
    g.doubles.forEach((d, c) => (cols[`d${c}`] = arrow.makeVector(d)));
    g.ints.forEach((d, c) => (cols[`i${c}`] = arrow.makeVector(d)));
    g.bools.forEach((d, c) => (cols[`b${c}`] = arrow.vectorFromArray(d, new arrow.Bool())));
    cols.label = arrow.vectorFromArray(g.labels, new arrow.Utf8());
    batches.push(...new arrow.Table(cols as never).batches);
  }
  const table = new arrow.Table(batches);
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).setMaxRowGroupSize(GROUP).build();
  const bytes = pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), props);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, bytes);
}

async function duckdb(rows: number, file: string): Promise<void> {
  const d = await import('@duckdb/node-api');
  const instance = await d.DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await instance.connect();
  const cols = ['id VARCHAR', 'run_id BIGINT', 'ts TIMESTAMPTZ', ...Array.from({ length: DOUBLES }, (_, c) => `d${c} DOUBLE`), ...Array.from({ length: INTS }, (_, c) => `i${c} INTEGER`), ...Array.from({ length: BOOLS }, (_, c) => `b${c} BOOLEAN`), 'label VARCHAR'];
  await con.run(`CREATE TABLE t (${cols.join(', ')})`);
  const app = await con.createAppender('t');
  for (const g of groups(rows)) {
    for (let i = 0; i < g.ids.length; i++) {
      app.appendVarchar(g.ids[i]);
      app.appendBigInt(g.runIds[i]);
      app.appendTimestampTZ(new d.DuckDBTimestampTZValue(g.times[i]));
      for (let c = 0; c < DOUBLES; c++) app.appendDouble(g.doubles[c][i]);
      for (let c = 0; c < INTS; c++) app.appendInteger(g.ints[c][i]);
      for (let c = 0; c < BOOLS; c++) app.appendBoolean(g.bools[c][i]);
      app.appendVarchar(g.labels[i]);
      app.endRow();
    }
    app.flushSync();
  }
  app.closeSync();
  await con.run(`COPY t TO '${file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${GROUP})`);
  con.closeSync();
}

const WRITERS: Record<string, (rows: number, file: string) => Promise<void>> = { 'hyparquet-writer': hyparquet, 'parquet-wasm': parquetWasm, duckdb };
const PACKAGES: Record<string, string[]> = {
  'hyparquet-writer': ['hyparquet-writer', 'hyparquet'],
  'parquet-wasm': ['parquet-wasm', 'apache-arrow'],
  duckdb: ['@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-linux-x64'],
};

function peakRssMB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

function duMB(path: string): number {
  const r = spawnSync('du', ['-sk', path], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]) / 1024;
}

if (process.argv[2] === '--child') {
  const [, , , name, rows, file] = process.argv;
  const t = performance.now();
  await WRITERS[name](Number(rows), file);
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - t) / 1000, peakRssMB: peakRssMB() }) + '\n');
} else {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const dir = mkdtempSync(join(tmpdir(), 'aura-pq-bench-'));
  const self = fileURLToPath(import.meta.url);
  try {
    for (const rows of sizes.length ? sizes : [1_000_000]) {
      const load1Before = loadavg()[0];
      const results: Record<string, unknown> = {};
      for (const name of Object.keys(WRITERS)) {
        const file = join(dir, `${name}.parquet`);
        const r = spawnSync(process.execPath, [self, '--child', name, String(rows), file], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (r.status !== 0) {
          results[name] = { error: (r.stderr || '').split('\n').slice(0, 3).join(' ') };
          continue;
        }
        const m = JSON.parse(r.stdout.trim().split('\n').pop()!);
        const installMB = PACKAGES[name].reduce((a, p) => a + duMB(join(PACKAGE_ROOT, 'node_modules', p)), 0);
        results[name] = { ...m, bytes: statSync(file).size, installMB: Math.round(installMB * 10) / 10 };
        rmSync(file, { force: true });
      }
      const report = { rows, rowGroup: GROUP, load1: { before: load1Before, after: loadavg()[0] }, note: 'shared 2-core machine, other developers working: figures are relative', results };
      console.table(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v as object])));
      const out = join(PACKAGE_ROOT, 'bench', 'results', `parquet-writers-${rows}.json`);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
      console.log(`load1 ${load1Before.toFixed(2)} -> ${loadavg()[0].toFixed(2)}; wrote ${out}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
