// Benchmark: does the severity rank the broadest and strongest risk first, and do the levels find the planted high users?
// In memory, on three generators with planted truth: the second (bench/planted-vectors.ts; seed 101 tuning, 202 and 303
// held-out), a third (bench/planted-vectors-third.ts; 404 and 505, held-out), a fourth (bench/planted-vectors-fourth.ts;
// 606 and 707, held-out, written after the near-fence part was chosen and never used to choose anything) and the
// project's own (src/synth through seed + etl: the vectors bench/cluster-quality.ts leaves in its cache folders, if there).
// Per run: per planted group mean severity and ASI; in the `high` label the AUC of broad above scattered; the average
// precision of the planted high users over all users and within the `high` list, by severity and by ASI; recall and
// precision of `high` under the vote rules 'broad' and 'severity'; on the second generator the oracle (planted-likelihood.ts).
// Usage: node dist/bench/severity-quality.js [GEN:SEED:N ...]   GEN = second | third | fourth | project
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLUSTER_SEED } from '../src/cluster/defaults.js';
import { runEnsemble, type EnsembleResult } from '../src/cluster/ensemble.js';
import { highSeverity, NEAR_FENCE_HALVING, SEVERITY_BREADTH, SEVERITY_NEAR_FENCE, signalSeverity } from '../src/cluster/risk-severity.js';
import { decideRiskLevel, DEFAULT_VOTE_RULE, type VoteRule } from '../src/cluster/vote.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { plantedHighPosterior } from './planted-likelihood.js';
import { generatePlantedVectors } from './planted-vectors.js';
import { generateThirdVectors } from './planted-vectors-third.js';
import { generateFourthVectors } from './planted-vectors-fourth.js';
import { averagePrecision, groupAuc, round } from './rank-quality.js';

export const TUNING_SEED = 101;
const RULES: VoteRule[] = ['broad', 'severity'];
type Generator = 'second' | 'third' | 'fourth' | 'project';
const DEFAULT_RUNS: [Generator, number, number][] = [
  ['second', 101, 10_000], ['second', 101, 100_000], ['second', 202, 10_000], ['second', 202, 100_000], ['second', 303, 10_000], ['second', 303, 100_000],
  ['third', 404, 10_000], ['third', 404, 100_000], ['third', 505, 10_000], ['third', 505, 100_000],
  ['fourth', 606, 10_000], ['fourth', 606, 100_000], ['fourth', 707, 10_000], ['fourth', 707, 100_000],
  ['project', 11, 10_000], ['project', 11, 100_000], ['project', 7, 10_000], ['project', 7, 100_000], ['project', 23, 10_000], ['project', 23, 100_000],
];
const args = process.argv.slice(2);
const runs = args.length ? args.map((a) => { const [g, s, n] = a.split(':'); return [g as Generator, Number(s), Number(n)] as [Generator, number, number]; }) : DEFAULT_RUNS;

interface Planted {
  data: Float64Array;
  n: number;
  d: number;
  group: string[];
  high: boolean[];
  broad: string;
  scattered: string;
  oracle?: Float64Array;
}

const results: Record<string, unknown> = {};
for (const [gen, seed, users] of runs) {
  const planted = load(gen, seed, users);
  if (!planted) {
    console.log(JSON.stringify({ generator: gen, seed, users, skipped: 'no vectors: run `node dist/bench/cluster-quality.js` first (it caches them)' }));
    continue;
  }
  const t0 = performance.now();
  const r = runEnsemble(planted.data, planted.n, planted.d, { seed: DEFAULT_CLUSTER_SEED });
  const result = { generator: gen, seed, users, vectors: planted.n, role: role(gen, seed), ...measure(planted, r), ensembleSeconds: round((performance.now() - t0) / 1000) };
  console.log(JSON.stringify(result));
  results[`${gen}, seed ${seed}, ${users} users`] = result;
}
if (!args.length) {
  const out = join(PACKAGE_ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'severity-quality.json'),
    JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg().map((x) => round(x)), note: 'quality figures do not depend on load; seconds do (shared machine)', severityBreadth: SEVERITY_BREADTH, severityNearFence: SEVERITY_NEAR_FENCE, nearFenceHalving: NEAR_FENCE_HALVING, defaultVoteRule: DEFAULT_VOTE_RULE, tuningSeed: TUNING_SEED, results }, null, 2) + '\n',
  );
}

function role(gen: Generator, seed: number): string {
  if (gen === 'second') return seed === TUNING_SEED ? 'tuning' : 'held-out';
  if (gen === 'project') return seed === 11 ? 'the project generator\'s tuning seed for the vote rule; held-out for the severity' : 'held-out';
  return 'held-out';
}

function load(gen: Generator, seed: number, users: number): Planted | undefined {
  if (gen !== 'project') {
    const v = gen === 'second' ? generatePlantedVectors(users, seed) : gen === 'third' ? generateThirdVectors(users, seed) : generateFourthVectors(users, seed);
    const high = v.group.map((g) => g === 'broad' || g === 'scattered');
    const oracle = gen === 'second' ? plantedHighPosterior(v.data, v.n, v.d, v.centre) : undefined;
    return { data: v.data, n: v.n, d: v.d, group: v.group, high, broad: 'broad', scattered: 'scattered', oracle };
  }
  // Written by bench/cluster-quality.ts: the vectors `cluster` judged, KPI_COLUMNS order, and each one's planted group.
  const base = join(tmpdir(), seed === 11 ? `aura-miner-bench-quality-${users}` : `aura-miner-bench-quality-${users}-seed${seed}`, 'vectors');
  if (!existsSync(`${base}.json`)) return undefined;
  const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { n: number; d: number; group: string[]; truth: string[] };
  const bytes = readFileSync(`${base}.f64`);
  const data = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { data, n: meta.n, d: meta.d, group: meta.group, high: meta.truth.map((t) => t === 'high'), broad: 'high 5-6', scattered: 'high 3' };
}

function measure(p: Planted, r: EnsembleResult) {
  const minSignals = r.model.riskSignals.minSignals;
  const threshold = highSeverity(minSignals, p.d);
  // Each rule's level from the run's votes, signals and severity (the detectors' outputs do not depend on the rule).
  const beyondFences = Array.from({ length: p.n }, (_, i) => signalSeverity(r.model.riskSignals, p.data, i * p.d));
  const levelUnder = (rule: VoteRule, i: number) => {
    const count = r.votes[i];
    const signals = r.riskSignals[i];
    return decideRiskLevel({ kmeans: count >= 1, dbscan: count >= 2, forest: count >= 3, broad: signals >= minSignals, broadest: signals >= Math.max(p.d - 1, minSignals), severe: beyondFences[i] >= threshold }, rule);
  };
  const planted = p.high.filter(Boolean).length;
  const inHigh = (i: number) => r.level[i] === 'high';
  const byGroup: Record<string, unknown> = {};
  for (const g of [...new Set(p.group)].sort()) {
    let count = 0, sev = 0, asi = 0, high = 0, broad = 0;
    for (let i = 0; i < p.n; i++) if (p.group[i] === g) { count++; sev += r.severity[i]; asi += r.asi[i]; high += Number(inHigh(i)); broad += Number(r.riskSignals[i] >= minSignals); }
    // withMinSignals: users beyond their fences on at least minSignals KPIs, the most any rule with that breadth policy labels high.
    byGroup[g] = { users: count, meanSeverity: round(sev / count), meanAsi: round(asi / count), labelledHigh: high, withMinSignals: broad };
  }
  const highIdx = [...Array(p.n).keys()].filter(inHigh);
  const inList = highIdx.map((i) => p.high[i]);
  const rank = (score: ArrayLike<number>) => ({
    broadAboveScatteredAucInHigh: round(groupAuc(score, p.group, p.broad, p.scattered, inHigh)),
    averagePrecisionAllUsers: round(averagePrecision(score, p.high)),
    averagePrecisionHighList: round(averagePrecision(highIdx.map((i) => score[i]), inList)),
  });
  const levels = Object.fromEntries(
    RULES.map((rule) => {
      let flagged = 0, hits = 0, broadHigh = 0;
      for (let i = 0; i < p.n; i++) {
        if (levelUnder(rule, i) !== 'high') continue;
        flagged++;
        if (p.high[i]) hits++;
        if (p.group[i] === p.broad) broadHigh++;
      }
      return [rule, { flagged, recall: round(hits / planted), precision: round(flagged ? hits / flagged : 0), broadUsersHigh: broadHigh }];
    }),
  );
  return {
    plantedHigh: planted,
    byPlantedGroup: byGroup,
    severity: rank(r.severity),
    asi: rank(r.asi),
    levels: { defaultRule: DEFAULT_VOTE_RULE, severityThreshold: round(threshold), ...levels },
    ...(p.oracle ? { oracle: oracleFigures(p.oracle, p.high, planted) } : {}),
  };
}

/** The best any score could do on this data: its average precision, the Bayes decision (posterior >= 0.5), and the precision at recall 0.95. */
function oracleFigures(posterior: Float64Array, high: boolean[], planted: number) {
  let flagged = 0, hits = 0;
  for (let i = 0; i < posterior.length; i++) if (posterior[i] >= 0.5) { flagged++; hits += Number(high[i]); }
  const sorted = [...posterior.filter((_, i) => high[i])].sort((a, b) => a - b);
  const cut = sorted[Math.floor(0.05 * planted)];
  let at = 0, atHits = 0;
  for (let i = 0; i < posterior.length; i++) if (posterior[i] >= cut) { at++; atHits += Number(high[i]); }
  return {
    averagePrecisionAllUsers: round(averagePrecision(posterior, high)),
    bayesDecision: { recall: round(hits / planted), precision: round(hits / flagged) },
    precisionAtRecall095: round(atHits / at),
  };
}
