// Benchmark: the etl benchmark (bench/etl.ts: floor, full run, re-run, CPU of node and PostgreSQL) on every
// embedded PostgreSQL major, on the seed generator's data and its text-heavy variant, and with the analytics
// database on a second server, one after the other in one run. With AURA_BENCH_SERVER_URL (and _DATA_DIR, _TAG)
// set, that existing server is measured too (e.g. Debian's postgresql-15).
// Usage: node dist/bench/etl-versions.js [users=100000] [--majors 15,18] [--no-text-heavy] [--no-split] [--collect]
// --collect runs nothing: it tabulates the cases' result files that exist (cases run separately, or an interrupted run).
// Writes bench/results/etl-versions-<N>.json (each run's own file stays too) and prints a table.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_MAJORS } from '../src/db/embedded-version.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const args = process.argv.slice(2);
const users = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const majorsArg = args.indexOf('--majors');
const majors = majorsArg >= 0 ? args[majorsArg + 1].split(',') : [...POSTGRES_MAJORS];
const shapes = args.includes('--no-text-heavy') ? [false] : [false, true];
const external = process.env.AURA_BENCH_SERVER_URL ? process.env.AURA_BENCH_SERVER_TAG ?? 'external' : undefined;

interface Case {
  label: string;
  server: string;
  textHeavy: boolean;
  split: boolean;
  env: Record<string, string | undefined>;
  file: string;
}
const cases: Case[] = [];
const base = { AURA_BENCH_SERVER_URL: undefined, AURA_BENCH_SERVER_DATA_DIR: undefined };
for (const textHeavy of shapes) {
  for (const major of majors) {
    const tag = `-pg${major}${textHeavy ? '-text-heavy' : ''}`;
    cases.push({ label: `embedded ${major}`, server: major, textHeavy, split: false, env: { ...base, AURA_TEST_PG_VERSION: major }, file: `etl-${users}${tag}.json` });
  }
  if (external) cases.push({ label: external, server: external, textHeavy, split: false, env: { AURA_TEST_PG_VERSION: undefined }, file: `etl-${users}-${external}${textHeavy ? '-text-heavy' : ''}.json` });
}
if (!args.includes('--no-split')) {
  for (const major of [majors[0], majors.at(-1)!].filter((m, i, a) => a.indexOf(m) === i)) {
    cases.push({ label: `embedded ${major}, analytics on a 2nd server`, server: major, textHeavy: false, split: true, env: { ...base, AURA_TEST_PG_VERSION: major }, file: `etl-${users}-pg${major}-split.json` });
  }
}

const collect = args.includes('--collect');
const rows = [];
for (const c of cases) {
  const path = join(PACKAGE_ROOT, 'bench', 'results', c.file);
  if (collect) {
    if (!existsSync(path)) continue;
  } else {
    const load = loadavg()[0];
    const flags = [String(users), ...(c.textHeavy ? ['--text-heavy'] : []), ...(c.split ? ['--split'] : [])];
    console.log(`\n== ${c.label}${c.textHeavy ? ', text-heavy' : ''} (load ${load.toFixed(2)})`);
    const env = { ...process.env, ...c.env };
    for (const k of Object.keys(c.env)) if (c.env[k] === undefined) delete env[k];
    execFileSync(process.execPath, [join(PACKAGE_ROOT, 'dist', 'bench', 'etl.js'), ...flags], { stdio: 'inherit', env });
  }
  const r = JSON.parse(readFileSync(path, 'utf8'));
  rows.push({
    label: c.label,
    data: c.textHeavy ? 'text-heavy' : 'generator',
    split: c.split,
    version: r.server.server_version,
    jitAvailable: r.server.jit_available,
    texts: r.texts,
    floorSeconds: r.floor.seconds,
    floorCpu: r.floor.cpuSeconds,
    fullSeconds: r.full.seconds,
    fullCpu: r.full.cpuSeconds,
    fullStages: r.full.stageSeconds,
    fullPeakRssMB: r.full.peakRssMB,
    rerunSeconds: r.incremental.seconds,
    rerunCpu: r.incremental.cpuSeconds,
    fullOverFloor: r.ratios.fullOverFloor,
    rerunOverFull: r.ratios.incrementalOverFull,
    loadAverageAtStart: r.loadAverageAtStart,
    loadAverageAtEnd: r.loadAverage,
    file: `bench/results/${c.file}`,
  });
}
const report = { users, node: process.version, collected: collect, rows, date: new Date().toISOString() };
writeFileSync(join(PACKAGE_ROOT, 'bench', 'results', `etl-versions-${users}.json`), JSON.stringify(report, null, 2) + '\n');

const f = (x: number) => x.toFixed(2);
console.log(`\netl on each PostgreSQL, ${users} users, lexicon; CPU s node / PostgreSQL`);
console.log('| server | data | texts (MB) | floor s | full s | full CPU node / PG | re-run s | re-run CPU node / PG | full / floor | re-run / full | score_texts s | extract_users s | load 1 min start / end |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const split = r.split ? ` (sources ${f(r.fullCpu.sourcesServer)} + analytics ${f(r.fullCpu.analyticsServer)})` : '';
  console.log(
    `| ${r.label} (${r.version}) | ${r.data} | ${(r.texts.texts / 1e6).toFixed(2)} M (${Math.round(r.texts.megabytes)}) | ${f(r.floorSeconds)} | ${f(r.fullSeconds)} | ${f(r.fullCpu.node)} / ${f(r.fullCpu.postgres)}${split} | ${f(r.rerunSeconds)} | ${f(r.rerunCpu.node)} / ${f(r.rerunCpu.postgres)} | ${f(r.fullOverFloor)} | ${f(r.rerunOverFull)} | ${f(r.fullStages.score_texts)} | ${f(r.fullStages.extract_users)} | ${f(r.loadAverageAtStart[0])} / ${f(r.loadAverageAtEnd[0])} |`,
  );
}
