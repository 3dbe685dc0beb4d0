// What the largest values allowed by INPUT_RANGES cost: the ensemble at its defaults beside each bound at its maximum,
// on seeded KPI-like and blob vectors. Usage: node dist/bench/input-ranges.js [n ...] (default 10000 100000).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runEnsemble, type EnsembleOptions } from '../src/cluster/ensemble.js';
import { INPUT_RANGES as R } from '../src/input-ranges.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { generateKpiLikeVectors, generateSyntheticVectors } from '../tools/synthetic-vectors.js';

const CONFIGS: [string, Partial<EnsembleOptions>][] = [
  ['defaults', {}],
  [`min_pts ${R.minPts.max}`, { minPts: R.minPts.max }],
  [`k ${R.k.max}`, { k: R.k.max }],
  [`eps ${R.eps.max}`, { eps: R.eps.max }],
  [`contamination ${R.contamination.max}`, { contamination: R.contamination.max }],
  [`k ${R.k.max} + min_pts ${R.minPts.max}`, { k: R.k.max, minPts: R.minPts.max }],
];

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const rows: { n: number; shape: string; config: string; seconds: number; ratio: number }[] = [];
const load1Before = loadavg()[0];
for (const n of sizes.length ? sizes : [10_000, 100_000]) {
  for (const shape of ['kpi-like', 'blobs'] as const) {
    const v = shape === 'kpi-like' ? generateKpiLikeVectors(n, { seed: 1 }) : generateSyntheticVectors(n, { seed: 1 });
    let base = 0;
    for (const [config, options] of CONFIGS) {
      const started = performance.now();
      runEnsemble(v.data, v.n, v.d, { seed: 1, ...options });
      const seconds = (performance.now() - started) / 1000;
      if (config === 'defaults') base = seconds;
      rows.push({ n, shape, config, seconds: Math.round(seconds * 100) / 100, ratio: Math.round((seconds / base) * 100) / 100 });
      console.log(`${String(n).padStart(8)} ${shape.padEnd(9)} ${config.padEnd(24)} ${seconds.toFixed(2).padStart(7)} s  x${(seconds / base).toFixed(2)}`);
    }
  }
}
const report = { bench: 'input-ranges', ranges: R, load1: { before: load1Before, after: loadavg()[0] }, cores: 2, rows };
writeFileSync(join(PACKAGE_ROOT, 'bench', 'results', 'input-ranges.json'), `${JSON.stringify(report, null, 2)}\n`);
