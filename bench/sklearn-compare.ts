// scikit-learn's KMeans / DBSCAN / IsolationForest on the cluster benchmark's own vectors, beside ours (issue 4).
// Optional: needs a python3 that imports sklearn (Debian: python3-sklearn); without one the comparison is
// skipped and says so. Only this benchmark uses Python, the product never does.
// Env: AURA_BENCH_SKLEARN=0 skips it; AURA_SKLEARN_PYTHON=path picks the interpreter;
// AURA_SKLEARN_DBSCAN_MB (default 8192) and AURA_SKLEARN_DBSCAN_SECONDS (default 300) guard sklearn's DBSCAN.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

const SCRIPT = join(PACKAGE_ROOT, 'bench', 'sklearn_compare.py');
/** Every sklearn process but DBSCAN's gets this long before it is killed. */
const OTHER_TIMEOUT_SECONDS = 900;

/** Our run's vectors, parameters, labels and seconds: what sklearn is given and compared with. */
export interface SklearnCompareInput {
  data: Float64Array;
  n: number;
  d: number;
  seed: number;
  k: number;
  /** ml-kmeans' maxIterations and tolerance (largest squared centroid move that counts as converged). */
  kmeansMaxIterations: number;
  kmeansTolerance: number;
  eps: number;
  minPts: number;
  trees: number;
  sampleSize: number;
  contamination: number;
  kmeansLabel: Int32Array;
  kmeansDistance: Float64Array;
  dbscanLabel: Int32Array;
  forestScore: Float64Array;
  forestThreshold: number;
  /** Our seconds per detector, in the units compared (see bench/README.md). */
  oursSeconds: { kmeans: number; dbscan: number; forest: number };
}

type Detail = Record<string, unknown>;

export interface SklearnComparison {
  skipped?: string;
  python?: string;
  sklearnVersion?: string;
  /** Per detector: our seconds, sklearn's, sklearn / ours, adjusted Rand index, and sklearn's own figures. */
  kmeans?: Row;
  dbscan?: Row;
  forest?: Row;
}

export interface Row {
  oursSeconds: number;
  sklearnSeconds: number | null;
  ratio: number | null;
  ari: number | null;
  sklearn: Detail;
}

export function findSklearnPython(): { python: string; version: string } | { skipped: string } {
  if (process.env.AURA_BENCH_SKLEARN === '0') return { skipped: 'AURA_BENCH_SKLEARN=0' };
  const candidates = process.env.AURA_SKLEARN_PYTHON ? [process.env.AURA_SKLEARN_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import sklearn, scipy, threadpoolctl; print(sklearn.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return { skipped: `no python3 that imports sklearn, scipy and threadpoolctl (tried ${candidates.join(', ')}; Debian: apt-get install python3-sklearn)` };
}

export function compareWithSklearn(input: SklearnCompareInput): SklearnComparison {
  const found = findSklearnPython();
  if ('skipped' in found) return { skipped: found.skipped };
  const dir = mkdtempSync(join(tmpdir(), 'aura-sklearn-'));
  try {
    const budgetMb = Number(process.env.AURA_SKLEARN_DBSCAN_MB ?? 8192);
    const dbscanTimeout = Number(process.env.AURA_SKLEARN_DBSCAN_SECONDS ?? 300);
    writeInputs(dir, input, budgetMb, dbscanTimeout);
    const run = (detector: string, timeoutSeconds: number) => runPython(found.python, dir, detector, timeoutSeconds);

    const kmeans = run('kmeans', OTHER_TIMEOUT_SECONDS);
    let inertia = 0;
    for (const x of input.kmeansDistance) inertia += x * x;
    const estimate = run('dbscan-estimate', OTHER_TIMEOUT_SECONDS);
    const estimatedMb = typeof estimate.estimatedNeighbourhoodMegabytes === 'number' ? estimate.estimatedNeighbourhoodMegabytes : Infinity;
    const dbscan: Detail = estimatedMb > budgetMb
      ? { skipped: `not run: its neighbourhoods alone would take about ${estimatedMb} MB, over the ${budgetMb} MB budget` }
      : runDbscan(found.python, dir, dbscanTimeout);
    dbscan.guard = { memoryBudgetMegabytes: budgetMb, timeoutSeconds: dbscanTimeout, estimate };
    const forest = run('forest', OTHER_TIMEOUT_SECONDS);

    return {
      python: found.python,
      sklearnVersion: found.version,
      kmeans: row(input.oursSeconds.kmeans, { ...kmeans, oursInertia: Number(inertia.toFixed(3)) }),
      dbscan: row(input.oursSeconds.dbscan, dbscan),
      forest: row(input.oursSeconds.forest, forest),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(oursSeconds: number, sklearn: Detail): Row {
  const seconds = typeof sklearn.seconds === 'number' ? sklearn.seconds : null;
  return {
    oursSeconds,
    sklearnSeconds: seconds,
    ratio: seconds === null ? null : Number((seconds / oursSeconds).toFixed(2)),
    ari: typeof sklearn.ari === 'number' ? sklearn.ari : null,
    sklearn,
  };
}

/** The python side kills itself at the timeout (leaving dbscan-killed.json); node's own kill is a backstop. */
function runDbscan(python: string, dir: string, timeoutSeconds: number): Detail {
  const result = runPython(python, dir, 'dbscan', timeoutSeconds + 60);
  const killed = join(dir, 'dbscan-killed.json');
  if (!existsSync(killed)) return result;
  return { ...(JSON.parse(readFileSync(killed, 'utf8')) as Detail), processSeconds: result.processSeconds };
}

function writeInputs(dir: string, input: SklearnCompareInput, budgetMb: number, dbscanTimeoutSeconds: number): void {
  const { n, d } = input;
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(join(dir, 'vectors.f64'), bytes(input.data));
  writeFileSync(join(dir, 'ours-kmeans.i32'), bytes(input.kmeansLabel));
  writeFileSync(join(dir, 'ours-dbscan.i32'), bytes(input.dbscanLabel));
  writeFileSync(join(dir, 'ours-forest-score.f64'), bytes(input.forestScore));
  const flag = new Uint8Array(n);
  for (let i = 0; i < n; i++) flag[i] = input.forestScore[i] > input.forestThreshold ? 1 : 0;
  writeFileSync(join(dir, 'ours-forest-flag.u8'), flag);
  const meta = {
    n,
    d,
    seed: input.seed,
    k: input.k,
    kmeansMaxIterations: input.kmeansMaxIterations,
    kmeansTolerance: input.kmeansTolerance,
    eps: input.eps,
    minPts: input.minPts,
    trees: input.trees,
    sampleSize: input.sampleSize,
    contamination: input.contamination,
    dbscanMemoryBudgetMegabytes: budgetMb,
    dbscanTimeoutSeconds,
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
}

/** One detector in its own python process (its own peak RSS), killed after timeoutSeconds. */
function runPython(python: string, dir: string, detector: string, timeoutSeconds: number): Detail {
  const started = performance.now();
  const r = spawnSync(python, [SCRIPT, dir, detector], {
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = Number(((performance.now() - started) / 1000).toFixed(1));
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    return { skipped: `killed after ${timeoutSeconds} s (time guard)`, processSeconds: wall };
  }
  if (r.status !== 0) {
    return { skipped: `python exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`, processSeconds: wall };
  }
  try {
    return { ...(JSON.parse(r.stdout) as Detail), processSeconds: wall };
  } catch {
    return { skipped: `unreadable python output: ${r.stdout.slice(0, 200)}`, processSeconds: wall };
  }
}
