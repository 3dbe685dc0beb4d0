// Benchmark: ensemble quality on seeded data with planted levels (--truth): confusion matrix, recall and precision of
// planted `high`, per planted group, per detector and per vote rule, with default settings.
// Usage: node dist/bench/cluster-quality.js [N ...] [--held-out SEED:N,...]
//   N ...       sizes measured on the tuning seed (11): the headline, also re-clustered with two other --seed values
//   --held-out  seed:size pairs measured the same way, never used to choose the rule or its defaults
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { resolveConfig } from '../src/config.js';
import { isForestOutlier } from '../src/cluster/forest-calibration.js';
import { loadLatestEnsembleModel } from '../src/cluster/model-store.js';
import { readVectorMatrix } from '../src/cluster/read-vectors.js';
import { countRiskSignals } from '../src/cluster/risk-signals.js';
import { runCluster, DEFAULT_CLUSTER_SEED } from '../src/cluster/run-cluster.js';
import { decideRiskLevel, DEFAULT_VOTE_RULE, VOTE_RULES, type DetectorVotes, type VoteRule } from '../src/cluster/vote.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabases } from '../src/demo/seed-databases.js';
import { RISK_LEVELS, type RiskLevel } from '../src/model/feature-vector.js';
import { runEtl } from '../src/etl/pipeline.js';
import { createLogger } from '../src/log.js';
import { silentProgress } from '../src/progress.js';
import { createSeedContext } from '../src/synth/context.js';
import { countBits } from '../src/synth/planting.js';
import { makeUuid } from '../src/synth/prng.js';
import { iteratePlans } from '../src/synth/user-plan.js';
import { averagePrecision, groupAuc, round as roundOrNull } from './rank-quality.js';
import { writeResult } from './results-file.js';

const logger = createLogger({ level: 'warn' });
const DB = { auth: 'aura_auth', social: 'aura_social', messaging: 'aura_messaging', analytics: 'aura_data_miner' };
const TUNING_SEED = 11;
const OTHER_CLUSTER_SEEDS = [1, 2];
const REFERENCE = new Date('2026-06-01T12:00:00Z');

const args = process.argv.slice(2);
const heldOutAt = args.indexOf('--held-out');
const heldOut = heldOutAt >= 0 ? args.splice(heldOutAt, 2)[1].split(',').map((p) => p.split(':').map(Number) as [number, number]) : [];
const sizes = args.map(Number);

const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
  seed: TUNING_SEED,
  clusterSeed: DEFAULT_CLUSTER_SEED,
  defaultVoteRule: DEFAULT_VOTE_RULE,
  sizes: {},
  heldOut: {},
};
for (const users of sizes.length ? sizes : [10_000, 100_000]) (report.sizes as Record<string, unknown>)[users] = await measure(TUNING_SEED, users, OTHER_CLUSTER_SEEDS);
for (const [seed, users] of heldOut) (report.heldOut as Record<string, unknown>)[`seed ${seed}, ${users} users`] = await measure(seed, users, []);
writeResult('cluster-quality.json', report);

interface Judged extends DetectorVotes {
  truth: RiskLevel;
  /** Planted group: 'high 5-6' (coherent), 'high 3' (scattered), 'moderate 2', 'moderate 1', 'low'. */
  group: string;
  signals: number;
  level: RiskLevel;
  severity: number;
  asi: number;
}

async function measure(seed: number, users: number, otherClusterSeeds: number[]) {
  const dir = join(tmpdir(), seed === TUNING_SEED ? `aura-miner-bench-quality-${users}` : `aura-miner-bench-quality-${users}-seed${seed}`);
  const truthFile = join(dir, 'truth.csv');
  const server = await startEmbeddedPostgres({ dir, databases: Object.values(DB) });
  const urls = { auth: server.url(DB.auth), social: server.url(DB.social), messaging: server.url(DB.messaging), analytics: server.url(DB.analytics) };
  try {
    if (!existsSync(truthFile)) await seedDatabases(urls, { users, seed, referenceTime: REFERENCE, truthFile, reset: true });
    await recreateDatabase(server.url('postgres'), DB.analytics);
    await migrate(urls.analytics, logger);
    const config = resolveConfig({ env: { DATABASE_URL_ANALYTICS: urls.analytics, DATABASE_URL_AUTH: urls.auth, DATABASE_URL_SOCIAL: urls.social, DATABASE_URL_MESSAGING: urls.messaging }, cwd: '/' });
    await runEtl({ config, urls, logger, progress: silentProgress }, { referenceTime: REFERENCE });
    const truth = new Map(readFileSync(truthFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',') as [string, RiskLevel]));
    const groups = plantedGroups(seed, users);

    const summary = await runCluster({ urls, logger }, { seed: DEFAULT_CLUSTER_SEED });
    const judged = await readJudged(urls.analytics, truth, groups, join(dir, 'vectors'));
    const plantedHigh = judged.filter((v) => v.truth === 'high').length;
    const score = (flag: (v: Judged) => boolean) => {
      const flagged = judged.filter(flag);
      const hits = flagged.filter((v) => v.truth === 'high').length;
      return { flagged: flagged.length, recall: round(hits / plantedHigh), precision: round(flagged.length ? hits / flagged.length : 0) };
    };
    const confusion: Record<string, Record<string, number>> = {};
    for (const t of RISK_LEVELS) confusion[t] = Object.fromEntries(RISK_LEVELS.map((p) => [p, 0]));
    for (const v of judged) confusion[v.truth][v.level]++;
    const byGroup: Record<string, Record<string, number>> = {};
    for (const v of judged) {
      const g = (byGroup[v.group] ??= { users: 0, high: 0, moderate: 0, low: 0, kmeans: 0, dbscan: 0, forest: 0, signalsAtLeastMin: 0 });
      g.users++;
      g[v.level]++;
      g.kmeans += Number(v.kmeans);
      g.dbscan += Number(v.dbscan);
      g.forest += Number(v.forest);
      g.signalsAtLeastMin += Number(v.broad);
    }
    const otherSeeds: Record<string, unknown> = {};
    for (const s of otherClusterSeeds) {
      await runCluster({ urls, logger }, { seed: s });
      const again = await readJudged(urls.analytics, truth, groups);
      const flagged = again.filter((v) => v.level === 'high');
      const hits = flagged.filter((v) => v.truth === 'high').length;
      otherSeeds[`--seed ${s}`] = { flagged: flagged.length, recall: round(hits / plantedHigh), precision: round(hits / flagged.length) };
    }
    const result = {
      seed, users, vectors: judged.length, plantedHigh, seconds: summary.seconds, eps: summary.eps,
      confusionTruthByPredicted: confusion,
      high: score((v) => v.level === 'high'),
      byPlantedGroup: byGroup,
      detectors: { kmeans: score((v) => v.kmeans), dbscan: score((v) => v.dbscan), forest: score((v) => v.forest), riskSignalsAtLeastMin: score((v) => v.broad === true) },
      voteRules: {
        ...Object.fromEntries(VOTE_RULES.map((rule: VoteRule) => [rule, score((v) => decideRiskLevel(v, rule) === 'high')])),
        // 'broad' before issue 15: a single vote with 5-6 risk signals was moderate.
        'broad, two votes always': score((v) => decideRiskLevel({ ...v, broadest: false }, 'broad') === 'high'),
      },
      ...(otherClusterSeeds.length ? { otherClusterSeeds: otherSeeds } : {}),
      ranking: rankingQuality(judged),
    };
    console.log(JSON.stringify(result, null, 1));
    return result;
  } finally {
    await server.stop();
  }
}

/** Every vector's stored votes, its risk signals under the stored model, its planted level and group. */
async function readJudged(analytics: string, truth: Map<string, RiskLevel>, groups: Map<string, string>, dumpTo?: string): Promise<Judged[]> {
  const c = new pg.Client({ connectionString: analytics });
  await c.connect();
  try {
    const { model } = (await loadLatestEnsembleModel(c))!;
    const m = await readVectorMatrix(c);
    // The vectors and their planted groups, for measuring a score in memory (bench/severity-quality.ts --project).
    if (dumpTo) {
      writeFileSync(`${dumpTo}.f64`, new Uint8Array(m.data.buffer, m.data.byteOffset, m.n * m.d * 8));
      writeFileSync(`${dumpTo}.json`, JSON.stringify({ n: m.n, d: m.d, group: m.ids.map((id) => groups.get(id) ?? 'low'), truth: m.ids.map((id) => truth.get(id) ?? 'low') }));
    }
    const { rows } = await c.query<{ user_id_raiz: string; kmeans_cluster: number; dbscan_label: number; forest_score: number; risk_level: RiskLevel; severity: number; asi: number }>(
      'SELECT user_id_raiz, kmeans_cluster, dbscan_label, forest_score, risk_level, severity, asi FROM user_risk_results',
    );
    const byUser = new Map(rows.map((r) => [r.user_id_raiz, r]));
    return m.ids.map((id, i) => {
      const r = byUser.get(id)!;
      const signals = countRiskSignals(model.riskSignals!, m.data, i * m.d);
      return {
        truth: truth.get(id) ?? 'low',
        group: groups.get(id) ?? 'low',
        kmeans: r.kmeans_cluster === model.kmeans.worstCluster,
        dbscan: r.dbscan_label === -1,
        forest: isForestOutlier(r.forest_score, model.forestCalibration),
        broad: signals >= model.riskSignals!.minSignals,
        broadest: signals >= Math.max(model.d - 1, model.riskSignals!.minSignals),
        signals,
        level: r.risk_level,
        severity: r.severity,
        asi: r.asi,
      };
    });
  } finally {
    await c.end();
  }
}

/** Planted level and number of extreme KPIs per population user, recomputed from the generator's plans. */
function plantedGroups(seed: number, users: number): Map<string, string> {
  const ctx = createSeedContext({ users, seed, referenceTime: REFERENCE });
  const groups = new Map<string, string>();
  for (const { plan } of iteratePlans(ctx, ctx.users)) {
    if (!plan.population || !plan.level) continue;
    const extremes = countBits(plan.extremes);
    groups.set(makeUuid(ctx.seed, plan.slot), plan.level === 'low' ? 'low' : plan.level === 'high' && extremes >= 5 ? 'high 5-6' : `${plan.level} ${extremes}`);
  }
  return groups;
}

/**
 * Issue 15: does the order people read put the broadest and strongest risk first? Per planted group the
 * mean severity and ASI; in the `high` label the AUC of the coherent group (5-6 KPIs) above the scattered
 * one (3 KPIs); the average precision of the planted high users over all users and within the high list.
 */
function rankingQuality(judged: Judged[]) {
  const groups = [...new Set(judged.map((v) => v.group))].sort();
  const meanOf = (g: string, key: 'severity' | 'asi') => {
    const xs = judged.filter((v) => v.group === g);
    return round(xs.reduce((s, v) => s + v[key], 0) / xs.length);
  };
  const group = judged.map((v) => v.group);
  const planted = judged.map((v) => v.truth === 'high');
  const highList = judged.filter((v) => v.level === 'high');
  const by = (key: 'severity' | 'asi') => ({
    broadAboveScatteredAucInHigh: roundOrNull(groupAuc(judged.map((v) => v[key]), group, 'high 5-6', 'high 3', (i) => judged[i].level === 'high')),
    averagePrecisionAllUsers: round(averagePrecision(judged.map((v) => v[key]), planted)),
    averagePrecisionHighList: round(averagePrecision(highList.map((v) => v[key]), highList.map((v) => v.truth === 'high'))),
  });
  return {
    meanByPlantedGroup: Object.fromEntries(groups.map((g) => [g, { severity: meanOf(g, 'severity'), asi: meanOf(g, 'asi') }])),
    severity: by('severity'),
    asi: by('asi'),
  };
}

/** Every measurement starts from an empty analytics database (the seeded sources are kept per seed and size). */
async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
