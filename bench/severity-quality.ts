// Benchmark: does the severity rank the broadest and strongest risk first? On a second generator (bench/planted-vectors.ts),
// in memory: per planted group mean severity and ASI; in the `high` label, AUC of broad above scattered; average precision
// of the planted high users (broad + scattered), by severity and by ASI; recall of planted high by the level.
// Usage: node dist/bench/severity-quality.js [SEED:N ...]   (default: tuning seed 101 at 10k and 100k, held-out 202 and 303)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLUSTER_SEED } from '../src/cluster/defaults.js';
import { runEnsemble } from '../src/cluster/ensemble.js';
import { SEVERITY_BREADTH } from '../src/cluster/risk-severity.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { generatePlantedVectors, GROUPS } from './planted-vectors.js';
import { averagePrecision, groupAuc, round } from './rank-quality.js';

export const TUNING_SEED = 101;
const runs = process.argv.slice(2).length
  ? process.argv.slice(2).map((a) => a.split(':').map(Number) as [number, number])
  : ([[101, 10_000], [101, 100_000], [202, 10_000], [202, 100_000], [303, 10_000], [303, 100_000]] as [number, number][]);

const results: Record<string, unknown> = {};
for (const [seed, users] of runs) {
  const t0 = performance.now();
  const v = generatePlantedVectors(users, seed);
  const r = runEnsemble(v.data, v.n, v.d, { seed: DEFAULT_CLUSTER_SEED });
  const seconds = (performance.now() - t0) / 1000;
  const plantedHigh = v.group.map((g) => g === 'broad' || g === 'scattered');
  const inHigh = (i: number) => r.level[i] === 'high';
  const byGroup: Record<string, unknown> = {};
  for (const g of GROUPS) {
    let count = 0, sev = 0, asi = 0, high = 0;
    for (let i = 0; i < v.n; i++) if (v.group[i] === g) { count++; sev += r.severity[i]; asi += r.asi[i]; high += Number(inHigh(i)); }
    byGroup[g] = { users: count, meanSeverity: round(sev / count), meanAsi: round(asi / count), labelledHigh: high };
  }
  const highIdx = [...Array(v.n).keys()].filter(inHigh);
  const pick = <T extends ArrayLike<number>>(a: T) => highIdx.map((i) => a[i]);
  const hits = highIdx.filter((i) => plantedHigh[i]).length;
  const planted = plantedHigh.filter(Boolean).length;
  const result = {
    generator: 'bench/planted-vectors.ts', seed, users, role: seed === TUNING_SEED ? 'tuning' : 'held-out',
    byPlantedGroup: byGroup,
    highLabel: { users: highIdx.length, recallOfPlantedHigh: round(hits / planted), precision: round(hits / highIdx.length), broadUsersHigh: highIdx.filter((i) => v.group[i] === 'broad').length },
    // The default rule before issue 15 (two votes always needed): a single vote with 5-6 risk signals was moderate.
    highLabelTwoVotesAlways: twoVotesAlways(r, plantedHigh, v.group),
    broadAboveScatteredAucInHigh: { severity: round(groupAuc(r.severity, v.group, 'broad', 'scattered', inHigh)), asi: round(groupAuc(r.asi, v.group, 'broad', 'scattered', inHigh)) },
    averagePrecisionOfPlantedHigh: {
      allUsers: { severity: round(averagePrecision(r.severity, plantedHigh)), asi: round(averagePrecision(r.asi, plantedHigh)) },
      highLabelList: { severity: round(averagePrecision(pick(r.severity), highIdx.map((i) => plantedHigh[i]))), asi: round(averagePrecision(pick(r.asi), highIdx.map((i) => plantedHigh[i]))) },
    },
    seconds: round(seconds),
  };
  console.log(JSON.stringify(result));
  results[`seed ${seed}, ${users} users`] = result;
}
const out = join(PACKAGE_ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
if (!process.argv.slice(2).length) {
  writeFileSync(
    join(out, 'severity-quality.json'),
    JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg().map((x) => round(x)), note: 'quality figures do not depend on load; seconds do (shared machine)', severityBreadth: SEVERITY_BREADTH, tuningSeed: TUNING_SEED, results }, null, 2) + '\n',
  );
}

function twoVotesAlways(r: ReturnType<typeof runEnsemble>, plantedHigh: boolean[], group: string[]) {
  let flagged = 0, hits = 0, broad = 0;
  for (let i = 0; i < r.n; i++) {
    if (!(r.votes[i] >= 2 && r.riskSignals[i] >= r.model.riskSignals.minSignals)) continue;
    flagged++;
    if (plantedHigh[i]) hits++;
    if (group[i] === 'broad') broad++;
  }
  return { users: flagged, recallOfPlantedHigh: round(hits / plantedHigh.filter(Boolean).length), precision: round(hits / flagged), broadUsersHigh: broad };
}
