// `npm run bench [-- name ...]`: runs each benchmark in its own process (clean peak RSS) and lists the results.
// Names: etl, etl-versions, seed, lexicon, nlp-quality, nlp, cluster, quality, serve, watch, input-ranges, export, parquet-writers (default: etl lexicon cluster quality).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

const BENCHES: Record<string, [script: string, args: string[]][]> = {
  etl: [['etl.js', ['100000']]],
  // Every embedded PostgreSQL major, both data shapes, analytics on a second server (bench/README.md, platforms).
  'etl-versions': [['etl-versions.js', ['100000']]],
  seed: [['seed.js', ['100000']]],
  lexicon: [['lexicon-throughput.js', []]],
  'nlp-quality': [['nlp-quality.js', []]],
  nlp: [['nlp.js', []]],
  cluster: [['cluster-algorithms.js', ['100000', '1000000']], ['cluster-algorithms.js', ['--kpi-like', '100000', '1000000']]],
  // Tuning seed at 10k and 100k; then seeds and a size never used to choose the rule (bench/README.md, cluster).
  // Then the severity's order and both level rules on the vectors cluster-quality cached and on two other generators (issue 15; bench/README.md, severity).
  quality: [
    ['cluster-quality.js', ['10000', '100000', '--held-out', '11:30000,7:10000,7:30000,7:100000,23:10000,23:30000,23:100000']],
    ['severity-quality.js', []],
  ],
  // Idle reads at 1M users and the WebSocket broadcast; then reads while an API-started cluster of 100,000 runs.
  serve: [['serve.js', []], ['serve-during-cluster.js', ['100000']]],
  watch: [['watch.js', []]],
  'input-ranges': [['input-ranges.js', ['10000', '100000']]],
  export: [['export.js', ['100000']]],
  'parquet-writers': [['parquet-writers.js', ['1000000']]],
};
const DEFAULT = ['etl', 'lexicon', 'cluster', 'quality'];

const names = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT;
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const started = Date.now();
let failed = 0;
for (const name of names) {
  for (const [script, args] of BENCHES[name]) {
    const path = join(PACKAGE_ROOT, 'dist', 'bench', script);
    if (!existsSync(path)) {
      console.error(`bench ${name}: ${script} is missing`);
      failed++;
      continue;
    }
    console.log(`\n== bench ${name}: ${script} ${args.join(' ')}`);
    const r = spawnSync(process.execPath, [path, ...args], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
  }
}
const results = join(PACKAGE_ROOT, 'bench', 'results');
console.log('\nresults written since the start of this run:');
for (const f of readdirSync(results).sort()) {
  const t = statSync(join(results, f)).mtimeMs;
  if (t >= started) console.log(`  bench/results/${f}`);
}
process.exit(failed ? 1 : 0);
