// `npm run bench -- export [N ...]` (default 100000): `export` of N users' vectors, verdicts, one history run and
// the run rows, to a local folder and to an S3-compatible server (s3rver, in this process), against the floor:
// the same COPY queries drained to nowhere in the same run. Each measured step runs in its own process (its own
// peak RSS, VmHWM). The analytics tables are filled by SQL (generate_series), not by etl, to keep the bench on
// the export. Results: bench/results/export-N.json. `--rounds R` (default 2): floor, folder, S3 alternated R times;
// `--folder-only` skips S3 (the 1M run on a loaded machine).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/log.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { ownCpuSeconds, postgresCpuSeconds } from './cpu-seconds.js';
import { fillExportTables as fill } from './export-fill.js';

const CHILD = fileURLToPath(new URL('./export-child.js', import.meta.url));
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 2;
const FOLDER_ONLY = process.argv.includes('--folder-only');
const sizes = process.argv.slice(2).filter((a) => a !== '--folder-only').filter((a, i, all) => a !== '--rounds' && all[i - 1] !== '--rounds').map(Number).filter((n) => n > 0);

/**
 * One measured step in its own process, with PostgreSQL's CPU seconds over the step and this process's (s3rver
 * answers uploads here). Asynchronous: s3rver runs in this process and must keep answering while the child uploads.
 */
async function child(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const pg0 = postgresCpuSeconds(dataDir);
  const own0 = ownCpuSeconds();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CHILD, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    await new Promise((r) => setTimeout(r, 300)); // the backend ends and is reaped (its CPU reaches the postmaster's cutime)
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    const round2 = (x: number) => Math.round(x * 100) / 100;
    return { ...r, postgresCpuSeconds: round2(postgresCpuSeconds(dataDir) - pg0), benchCpuSeconds: round2(ownCpuSeconds() - own0), load1: loadavg()[0] };
  } catch (err) {
    throw new Error(`export child failed: ${String((err as { stderr?: string }).stderr ?? err).slice(-2000)}`);
  }
}

const dir = join(tmpdir(), 'aura-miner-bench-export');
const server = await startEmbeddedPostgres({ dir, databases: ['bench_export'] });
const dataDir = join(dir, 'data');
const url = server.url('bench_export');
const s3dir = join(dir, 's3rver');
rmSync(s3dir, { recursive: true, force: true });
mkdirSync(s3dir, { recursive: true });
const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: 'bench-lake' }] });
const { port } = await s3.run();
const s3Settings = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
try {
  await migrate(url, createLogger({ level: 'warn' }));
  for (const users of sizes.length ? sizes : [100_000]) {
    const load1 = [loadavg()[0]];
    let t = performance.now();
    await fill(url, users);
    const fillSeconds = (performance.now() - t) / 1000;
    const lake = join(dir, 'lake');
    const runs: Record<string, unknown>[] = [];
    // One unmeasured floor first: right after the fill the server's background work (checkpoint, autovacuum)
    // would land on the first measured step.
    await child({ mode: 'floor', url });
    // Two rounds, alternating, so a burst of load from other work on the machine falls on both sides.
    for (let round = 0; round < ROUNDS; round++) {
      rmSync(lake, { recursive: true, force: true });
      const floor = await child({ mode: 'floor', url });
      const folder = await child({ mode: 'export', url, to: join(lake, `r${round}`), s3: s3Settings });
      const s3r = FOLDER_ONLY ? undefined : await child({ mode: 'export', url, to: `s3://bench-lake/r${round}-${users}`, s3: s3Settings });
      runs.push({ round, floor, folder, s3: s3r });
      load1.push(loadavg()[0]);
    }
    rmSync(lake, { recursive: true, force: true });
    const best = (k: 'floor' | 'folder' | 's3') => runs.map((r) => (r[k] ?? { seconds: NaN, peakRssMB: NaN }) as { seconds: number; peakRssMB: number }).sort((a, b) => a.seconds - b.seconds)[0];
    const floorS = best('floor').seconds;
    type Step = { seconds: number; cpuSeconds: number; postgresCpuSeconds: number; benchCpuSeconds: number };
    const cpu = (k: 'floor' | 'folder' | 's3') => {
      const b = best(k) as unknown as Step;
      if (!b || Number.isNaN(b.seconds)) return null;
      return { node: b.cpuSeconds, postgres: b.postgresCpuSeconds, bench: b.benchCpuSeconds, total: Math.round((b.cpuSeconds + b.postgresCpuSeconds + (k === 's3' ? b.benchCpuSeconds : 0)) * 100) / 100 };
    };
    const cpuSeconds = { floor: cpu('floor'), folder: cpu('folder'), s3: cpu('s3') };
    // Each round's export against the floor measured just before it: the pair least apart in time and load.
    const roundRatios = runs.map((r) => {
      const f = (r.floor as Step).seconds;
      return { folder: (r.folder as Step).seconds / f, s3: r.s3 ? (r.s3 as Step).seconds / f : null };
    });
    const summary = {
      users,
      rows: (runs[0].folder as { rows: number }).rows,
      bytes: (runs[0].folder as { bytes: number }).bytes,
      floorSeconds: floorS,
      folderSeconds: best('folder').seconds,
      s3Seconds: best('s3').seconds,
      folderRatio: best('folder').seconds / floorS,
      s3Ratio: best('s3').seconds / floorS,
      roundRatios,
      cpuSeconds,
      cpuRatio: { folder: cpuSeconds.folder!.total / cpuSeconds.floor!.total, s3: cpuSeconds.s3 ? cpuSeconds.s3.total / cpuSeconds.floor!.total : null },
      peakRssMB: { folder: Math.max(...runs.map((r) => (r.folder as { peakRssMB: number }).peakRssMB)), s3: FOLDER_ONLY ? null : Math.max(...runs.map((r) => (r.s3 as { peakRssMB: number }).peakRssMB)) },
    };
    const report = {
      bench: 'export', date: new Date().toISOString(), node: process.version, fillSeconds,
      load1, note: 'shared 2-core machine with other developers working: load1 is the 1-minute load average before and after each round (each step also records the load at its end); ratios are within one run; cpuSeconds: node = the measured process, postgres = the server over the step, bench = this process (s3rver) over the step; s3 totals include s3rver',
      summary, runs,
    };
    console.table([{ users, rows: summary.rows, MB: (summary.bytes / 1e6).toFixed(1), floor_s: floorS.toFixed(2), folder_s: summary.folderSeconds.toFixed(2), s3_s: summary.s3Seconds.toFixed(2), folder_x: summary.folderRatio.toFixed(2), s3_x: summary.s3Ratio.toFixed(2), rss_folder: summary.peakRssMB.folder.toFixed(0), rss_s3: summary.peakRssMB.s3?.toFixed(0) ?? '-', cpu_floor: cpuSeconds.floor!.total, cpu_folder: cpuSeconds.folder!.total, cpu_s3: cpuSeconds.s3?.total ?? '-', load1: load1.map((l) => l.toFixed(1)).join('/') }]);
    const out = join(PACKAGE_ROOT, 'bench', 'results', `export-${users}.json`);
    mkdirSync(join(PACKAGE_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
    console.log(`wrote bench/results/export-${users}.json`);
  }
} finally {
  await s3.close();
  await server.stop();
}
