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
import { fillExportTables as fill } from './export-fill.js';

const CHILD = fileURLToPath(new URL('./export-child.js', import.meta.url));
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 2;
const FOLDER_ONLY = process.argv.includes('--folder-only');
const sizes = process.argv.slice(2).filter((a) => a !== '--folder-only').filter((a, i, all) => a !== '--rounds' && all[i - 1] !== '--rounds').map(Number).filter((n) => n > 0);

/** Asynchronous: s3rver runs in this process and must keep answering while the child uploads. */
async function child(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CHILD, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } catch (err) {
    throw new Error(`export child failed: ${String((err as { stderr?: string }).stderr ?? err).slice(-2000)}`);
  }
}

const dir = join(tmpdir(), 'aura-miner-bench-export');
const server = await startEmbeddedPostgres({ dir, databases: ['bench_export'] });
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
    const summary = {
      users,
      rows: (runs[0].folder as { rows: number }).rows,
      bytes: (runs[0].folder as { bytes: number }).bytes,
      floorSeconds: floorS,
      folderSeconds: best('folder').seconds,
      s3Seconds: best('s3').seconds,
      folderRatio: best('folder').seconds / floorS,
      s3Ratio: best('s3').seconds / floorS,
      peakRssMB: { folder: Math.max(...runs.map((r) => (r.folder as { peakRssMB: number }).peakRssMB)), s3: FOLDER_ONLY ? null : Math.max(...runs.map((r) => (r.s3 as { peakRssMB: number }).peakRssMB)) },
    };
    const report = {
      bench: 'export', date: new Date().toISOString(), node: process.version, fillSeconds,
      load1, note: 'shared 2-core machine with other developers working: load1 is the 1-minute load average before and after each round; ratios are within one run',
      summary, runs,
    };
    console.table([{ users, rows: summary.rows, MB: (summary.bytes / 1e6).toFixed(1), floor_s: floorS.toFixed(2), folder_s: summary.folderSeconds.toFixed(2), s3_s: summary.s3Seconds.toFixed(2), folder_x: summary.folderRatio.toFixed(2), s3_x: summary.s3Ratio.toFixed(2), rss_folder: summary.peakRssMB.folder.toFixed(0), rss_s3: summary.peakRssMB.s3?.toFixed(0) ?? '-', load1: load1.map((l) => l.toFixed(1)).join('/') }]);
    const out = join(PACKAGE_ROOT, 'bench', 'results', `export-${users}.json`);
    mkdirSync(join(PACKAGE_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
    console.log(`wrote bench/results/export-${users}.json`);
  }
} finally {
  await s3.close();
  await server.stop();
}
