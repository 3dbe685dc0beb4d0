// Benchmarks the NLP backends: lexicon texts/s on one core, and a RANDOM-weight BERT-base by batch size and threads.
//
// Run: npx tsc -p . && node dist/bench/nlp.js [--quick]
// Each measurement runs in its own child process, so its peak RSS is its own. The BERT-base model is generated
// (tools/random-bert-model.ts) into .cache/bench-models/ the first time: no weights can be downloaded here, so
// its weights are random and only its speed means anything.
import { loadLexiconV1 } from './lexicon-v1.js';
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BERT_BASE_SHAPE, writeRandomBertFolder } from '../tools/random-bert-model.js';
import { createTransformerScorer } from '../src/nlp/transformer.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { generateSocialTexts, measureLexiconThroughput } from './lexicon-throughput.js';
import { bertFlopsPerText, measureMatmul } from './nlp-roofline.js';

const TINY_MODEL = join(PACKAGE_ROOT, 'models', 'tiny-sentiment-es');
const BERT_DIR = join(PACKAGE_ROOT, '.cache', 'bench-models', 'bert-base-random');
const BERT_MAX_LENGTH = 128;
const BATCH_SIZES = [1, 8, 32];
const THREADS = [1, 2];
/** Timed passes per transformer configuration, each over new texts; the fastest is reported. */
const ROUNDS = 3;

type Workload = 'tokens128' | 'social';
type Job =
  | { kind: 'lexicon'; texts: number }
  | { kind: 'matmul'; rows: number; threads: number }
  | { kind: 'transformer'; model: string; modelPath: string; workload: Workload; texts: number; batchSize: number; threads: number };

interface JobResult {
  job: Job;
  /** matmul jobs: onnxruntime's float32 matrix-product speed. */
  gflopsPerSecond?: number;
  textsPerSecond: number;
  /** Best round's wall time. */
  seconds: number;
  /** Texts per second of process CPU time (all threads): steadier than wall time on a shared machine. */
  textsPerCpuSecond: number;
  peakRssMb: number;
  loadSeconds?: number;
}

/** `count` distinct texts: social-media messages (~20 tokens), or long enough to fill 128 tokens after truncation. */
function buildTexts(workload: Workload, count: number, seed: number): string[] {
  const pool = [...new Set(generateSocialTexts(count * 12, seed))];
  if (workload === 'social') return pool.slice(0, count);
  return Array.from({ length: count }, (_, i) => pool.slice(i * 10, i * 10 + 10).join(' '));
}

async function runJob(job: Job): Promise<JobResult> {
  if (job.kind === 'lexicon') {
    const result = measureLexiconThroughput({ texts: job.texts, rounds: 5, v1: await loadLexiconV1() });
    return { job, seconds: result.bestSeconds, textsPerSecond: result.textsPerSecond, textsPerCpuSecond: result.textsPerCpuSecond, peakRssMb: readPeakRssMb() };
  }
  if (job.kind === 'matmul') {
    const m = await measureMatmul(job.rows, BERT_BASE_SHAPE.hidden, BERT_BASE_SHAPE.intermediate, job.threads);
    return { job, seconds: 0, textsPerSecond: 0, textsPerCpuSecond: 0, gflopsPerSecond: m.gflopsPerSecond, peakRssMb: readPeakRssMb() };
  }
  const loadStart = performance.now();
  const scorer = await createTransformerScorer({
    backend: 'transformer', modelName: job.model, modelPath: job.modelPath, batchSize: job.batchSize, threads: job.threads, cacheDir: undefined,
  });
  const loadSeconds = round((performance.now() - loadStart) / 1000, 2);
  await scorer.scoreBatch(buildTexts(job.workload, Math.max(2, job.batchSize), 99)); // warm-up: first runs allocate
  // Rounds use different texts (the scorer would answer repeated ones from its cache); the best round is kept,
  // since on a shared machine the slow rounds measure the neighbours.
  let best = { seconds: Infinity, cpuSeconds: Infinity };
  for (let pass = 0; pass < ROUNDS; pass++) {
    const texts = buildTexts(job.workload, job.texts, pass + 1);
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    // Batch size 1 is the seed's way: one model call per text.
    if (job.batchSize === 1) for (const text of texts) await scorer.scoreBatch([text]);
    else await scorer.scoreBatch(texts);
    const cpu = process.cpuUsage(cpuStart);
    const measured = { seconds: (performance.now() - start) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    if (measured.seconds < best.seconds) best = measured;
  }
  if (scorer.failedTexts > 0) throw new Error(`${scorer.failedTexts} texts failed`);
  return {
    job,
    seconds: round(best.seconds, 2),
    textsPerSecond: round(job.texts / best.seconds, 1),
    textsPerCpuSecond: round(job.texts / best.cpuSeconds, 1),
    peakRssMb: readPeakRssMb(),
    loadSeconds,
  };
}

function readPeakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function runInChild(job: Job): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve(message as JobResult));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`benchmark child exited with ${code}: ${JSON.stringify(job)}`))));
  });
}

/** Generates the random BERT-base folder once; a marker holding the shape tells a complete folder from an interrupted one. */
function prepareBertBase(): { seconds: number; fileMb: number } {
  const marker = join(BERT_DIR, 'shape.json');
  const shape = JSON.stringify({ ...BERT_BASE_SHAPE, maxLength: BERT_MAX_LENGTH, version: 1 });
  const start = performance.now();
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== shape) {
    console.log(`generating a RANDOM-weight BERT-base (${BERT_BASE_SHAPE.layers} layers, hidden ${BERT_BASE_SHAPE.hidden}) in ${BERT_DIR} ...`);
    writeRandomBertFolder(BERT_DIR, BERT_BASE_SHAPE, { tokenizerFrom: TINY_MODEL, labels: ['NEGATIVE', 'POSITIVE'], maxLength: BERT_MAX_LENGTH });
    writeFileSync(marker, shape);
  }
  return { seconds: round((performance.now() - start) / 1000, 1), fileMb: round(statSync(join(BERT_DIR, 'onnx', 'model.onnx')).size / 1e6, 1) };
}

function countBertBaseParameters(): number {
  const { layers, hidden, intermediate, vocabSize, maxPositions, labels } = BERT_BASE_SHAPE;
  const layer = 4 * (hidden * hidden + hidden) + 2 * hidden * intermediate + intermediate + hidden + 4 * hidden;
  return (vocabSize + maxPositions + 2) * hidden + 2 * hidden + layers * layer + hidden * hidden + hidden + hidden * labels + labels;
}

async function runBenchmark(quick: boolean): Promise<void> {
  const loadAtStart = loadavg().map((load) => round(load, 2));
  const runs: JobResult[] = [];
  const record = (result: JobResult) => {
    runs.push(result);
    console.log(describeRow(result));
  };
  record(await runInChild({ kind: 'lexicon', texts: quick ? 100_000 : 300_000 }));
  const bert = prepareBertBase();
  const count = { tokens128: quick ? 8 : 64, social: quick ? 32 : 256 };
  for (const workload of ['tokens128', 'social'] as const) {
    for (const threads of THREADS) {
      for (const batchSize of BATCH_SIZES) {
        record(await runInChild({ kind: 'transformer', model: 'bert-base-random', modelPath: BERT_DIR, workload, texts: count[workload], batchSize, threads }));
      }
    }
  }
  // The ceiling: the feed-forward product of one 128-token text, and of a batch of 32 such texts.
  for (const threads of THREADS) for (const rows of [BERT_MAX_LENGTH, 32 * BERT_MAX_LENGTH]) record(await runInChild({ kind: 'matmul', rows, threads }));
  for (const batchSize of [1, 32]) {
    record(await runInChild({ kind: 'transformer', model: 'tiny-sentiment-es', modelPath: TINY_MODEL, workload: 'social', texts: 2000, batchSize, threads: 1 }));
  }
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg().map((load) => round(load, 2)) },
    note: 'bert-base-random has RANDOM weights: only its speed is measured, its scores mean nothing',
    workloads: {
      tokens128: 'ten social messages joined, truncated to the model maximum: every input is 128 tokens',
      social: `single social-media messages (bench/lexicon-throughput.ts), mean ${measureMeanChars(buildTexts('social', count.social, 1))} chars`,
    },
    bertBase: { ...BERT_BASE_SHAPE, maxLength: BERT_MAX_LENGTH, parameters: countBertBaseParameters(), fileMb: bert.fileMb, generateSeconds: bert.seconds },
    runs,
    batchedSpeedup: summarizeSpeedups(runs),
    seedWaySpeedup: summarizeSeedWay(runs),
    batchingCeiling: summarizeCeiling(runs),
  };
  mkdirSync(join(PACKAGE_ROOT, 'bench', 'results'), { recursive: true });
  // Paths inside the project are written relative to it: the results carry no machine's folders.
  const json = JSON.stringify(results, null, 2).split(`${PACKAGE_ROOT}/`).join('');
  writeFileSync(join(PACKAGE_ROOT, 'bench', 'results', 'nlp.json'), `${json}\n`);
  console.log(`\n${results.note}`);
  console.log(`load average ${loadAtStart.join(' ')} at start on ${results.cpus} CPUs: wall-clock texts/s counts the neighbours too, texts/CPU-s does not\n`);
  printTable(runs);
  console.log('\nbatched texts/s over one-at-a-time texts/s (same model, workload and threads):');
  for (const s of results.batchedSpeedup) console.log(`  ${s.model} ${s.workload} threads=${s.threads} batch=${s.batchSize}: ${s.wall}x wall, ${s.cpu}x per CPU-second`);
  console.log(`\nbest batched configuration over the seed's way (one text per call, intra-op threads = all ${cpus().length} cores, as PyTorch defaults):`);
  for (const s of results.seedWaySpeedup) console.log(`  ${s.model} ${s.workload}: batch=${s.batchSize} threads=${s.threads} ${s.textsPerSecond} texts/s over ${s.seedTextsPerSecond} texts/s = ${s.wall}x wall`);
  console.log(`\nceiling (128-token inputs, ${round(bertFlopsPerText(BERT_BASE_SHAPE, BERT_MAX_LENGTH) / 1e9, 1)} GFLOP per text): what one text at a time reaches beside onnxruntime's fastest matrix product`);
  for (const c of results.batchingCeiling) {
    console.log(`  threads=${c.threads}: one text per call ${c.singleGflops} GFLOP/s, batched best ${c.batchedGflops}, largest MatMul ${c.matmulGflops} -> batching can gain at most ${c.maxSpeedup}x`);
  }
}

interface Ceiling {
  threads: number;
  /** BERT-base, 128-token inputs, one text per call: GFLOP/s of useful work. */
  singleGflops: number;
  batchedGflops: number;
  /** The fastest MatMul onnxruntime ran at that thread count. */
  matmulGflops: number;
  /** matmulGflops / singleGflops: no batch size can beat it, since batching only adds rows to the same products. */
  maxSpeedup: number;
}

function summarizeCeiling(runs: JobResult[]): Ceiling[] {
  const flops = bertFlopsPerText(BERT_BASE_SHAPE, BERT_MAX_LENGTH) / 1e9;
  const out: Ceiling[] = [];
  for (const threads of THREADS) {
    const bert = runs.filter((r) => r.job.kind === 'transformer' && r.job.model === 'bert-base-random' && r.job.workload === 'tokens128' && r.job.threads === threads);
    const single = bert.find((r) => r.job.kind === 'transformer' && r.job.batchSize === 1);
    const matmul = Math.max(0, ...runs.filter((r) => r.job.kind === 'matmul' && r.job.threads === threads).map((r) => r.gflopsPerSecond ?? 0));
    if (!single || !matmul) continue;
    const batched = Math.max(...bert.map((r) => r.textsPerSecond));
    out.push({
      threads,
      singleGflops: round(single.textsPerSecond * flops, 1),
      batchedGflops: round(batched * flops, 1),
      matmulGflops: matmul,
      maxSpeedup: round(matmul / (single.textsPerSecond * flops), 2),
    });
  }
  return out;
}

interface SeedWaySpeedup {
  model: string;
  workload: Workload;
  batchSize: number;
  threads: number;
  textsPerSecond: number;
  seedTextsPerSecond: number;
  wall: number;
}

/**
 * The seed called its pipeline once per text with PyTorch's default intra-op threads (every core). Per model
 * and workload: the best batched run (any batch size above 1, any thread count) over that baseline.
 */
function summarizeSeedWay(runs: JobResult[]): SeedWaySpeedup[] {
  const out: SeedWaySpeedup[] = [];
  const cores = Math.max(...THREADS.filter((t) => t <= cpus().length));
  for (const run of runs) {
    const job = run.job;
    if (job.kind !== 'transformer' || job.batchSize !== 1 || job.threads !== cores) continue;
    const batched = runs.filter((r) => r.job.kind === 'transformer' && r.job.batchSize > 1 && r.job.model === job.model && r.job.workload === job.workload);
    if (!batched.length) continue;
    const best = batched.reduce((a, b) => (b.textsPerSecond > a.textsPerSecond ? b : a));
    const bj = best.job as Extract<Job, { kind: 'transformer' }>;
    out.push({ model: job.model, workload: job.workload, batchSize: bj.batchSize, threads: bj.threads, textsPerSecond: best.textsPerSecond, seedTextsPerSecond: run.textsPerSecond, wall: round(best.textsPerSecond / run.textsPerSecond, 2) });
  }
  return out;
}

interface Speedup {
  model: string;
  workload: Workload;
  threads: number;
  batchSize: number;
  /** Batched texts/s over one-at-a-time texts/s. */
  wall: number;
  /** The same ratio in texts per CPU-second: what batching saves in work, whatever the neighbours do. */
  cpu: number;
}

function summarizeSpeedups(runs: JobResult[]): Speedup[] {
  const out: Speedup[] = [];
  for (const run of runs) {
    const job = run.job;
    if (job.kind !== 'transformer' || job.batchSize === 1) continue;
    const single = runs.find(({ job: other }) => other.kind === 'transformer' && other.batchSize === 1 && other.model === job.model
      && other.workload === job.workload && other.threads === job.threads);
    if (!single) continue;
    out.push({
      model: job.model, workload: job.workload, threads: job.threads, batchSize: job.batchSize,
      wall: round(run.textsPerSecond / single.textsPerSecond, 2), cpu: round(run.textsPerCpuSecond / single.textsPerCpuSecond, 2),
    });
  }
  return out;
}

function describeRow(r: JobResult): string {
  const j = r.job;
  if (j.kind === 'matmul') return `MatMul [${j.rows} x ${BERT_BASE_SHAPE.hidden}] x [${BERT_BASE_SHAPE.hidden} x ${BERT_BASE_SHAPE.intermediate}] threads=${j.threads}: ${r.gflopsPerSecond} GFLOP/s`;
  const what = j.kind === 'lexicon' ? `lexicon-es-v1 ${j.texts} texts` : `${j.model} ${j.workload} ${j.texts} texts threads=${j.threads} batch=${j.batchSize}`;
  return `${what}: ${r.textsPerSecond} texts/s, ${r.textsPerCpuSecond} texts/CPU-s, peak RSS ${r.peakRssMb} MB`;
}

function printTable(runs: JobResult[]): void {
  const header = ['model', 'workload', 'threads', 'batch', 'texts', 'texts/s', 'texts/CPU-s', 'peak RSS MB'];
  const rows = runs.flatMap(({ job, textsPerSecond, textsPerCpuSecond, peakRssMb }) => job.kind === 'matmul' ? [] : [job.kind === 'lexicon'
    ? ['lexicon-es-v1', 'social', '1', '-', String(job.texts), String(textsPerSecond), String(textsPerCpuSecond), String(peakRssMb)]
    : [job.model, job.workload, String(job.threads), String(job.batchSize), String(job.texts), String(textsPerSecond), String(textsPerCpuSecond), String(peakRssMb)]]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '));
}

function measureMeanChars(texts: readonly string[]): number {
  return round(texts.reduce((total, text) => total + text.length, 0) / texts.length, 1);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex >= 0) {
    const result = await runJob(JSON.parse(process.argv[childIndex + 1]) as Job);
    process.send!(result, () => process.exit(0));
  } else {
    await runBenchmark(process.argv.includes('--quick'));
  }
}
