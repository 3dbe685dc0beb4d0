// Benchmark: ensemble quality on seeded data with planted levels (--truth): confusion matrix, recall and
// precision of planted `high`, per detector and per vote rule. Usage: node dist/bench/cluster-quality.js [10000 100000]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { resolveConfig } from '../src/config.js';
import { isForestOutlier } from '../src/cluster/forest-calibration.js';
import { loadLatestEnsembleModel } from '../src/cluster/model-store.js';
import { runCluster, DEFAULT_CLUSTER_SEED } from '../src/cluster/run-cluster.js';
import { decideRiskLevel, VOTE_RULES, type VoteRule } from '../src/cluster/vote.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabases } from '../src/demo/seed-databases.js';
import { RISK_LEVELS, type RiskLevel } from '../src/etl/feature-vector.js';
import { runEtl } from '../src/etl/pipeline.js';
import { createLogger } from '../src/log.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { silentProgress } from '../src/progress.js';

const sizes = process.argv.slice(2).map(Number);
const logger = createLogger({ level: 'warn' });
const DB = { auth: 'aura_auth', social: 'aura_social', messaging: 'aura_messaging', analytics: 'aura_data_miner' };
const SEED = 11;
const REFERENCE = new Date('2026-06-01T12:00:00Z');

const report: Record<string, unknown> = { date: new Date().toISOString(), seed: SEED, clusterSeed: DEFAULT_CLUSTER_SEED, sizes: {} };
for (const users of sizes.length ? sizes : [10_000, 100_000]) (report.sizes as Record<number, unknown>)[users] = await measure(users);
const out = join(PACKAGE_ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'cluster-quality.json'), JSON.stringify(report, null, 2) + '\n');

async function measure(users: number) {
  const dir = join(tmpdir(), `aura-miner-bench-quality-${users}`);
  const truthFile = join(dir, 'truth.csv');
  const server = await startEmbeddedPostgres({ dir, databases: Object.values(DB) });
  const urls = { auth: server.url(DB.auth), social: server.url(DB.social), messaging: server.url(DB.messaging), analytics: server.url(DB.analytics) };
  try {
    if (!existsSync(truthFile)) await seedDatabases(urls, { users, seed: SEED, referenceTime: REFERENCE, truthFile, reset: true });
    await recreateDatabase(server.url('postgres'), DB.analytics);
    await migrate(urls.analytics, logger);
    const config = resolveConfig({ env: { DATABASE_URL_ANALYTICS: urls.analytics, DATABASE_URL_AUTH: urls.auth, DATABASE_URL_SOCIAL: urls.social, DATABASE_URL_MESSAGING: urls.messaging }, cwd: '/' });
    await runEtl({ config, urls, logger, progress: silentProgress }, { referenceTime: REFERENCE });
    const summary = await runCluster({ urls, logger }, { seed: DEFAULT_CLUSTER_SEED });
    const truth = new Map(readFileSync(truthFile, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',') as [string, RiskLevel]));
    const c = new pg.Client({ connectionString: urls.analytics });
    await c.connect();
    const stored = (await loadLatestEnsembleModel(c))!;
    const { rows } = await c.query<{ user_id_raiz: string; kmeans_cluster: number; dbscan_label: number; forest_score: number; risk_level: RiskLevel }>(
      'SELECT user_id_raiz, kmeans_cluster, dbscan_label, forest_score, risk_level FROM user_risk_results',
    );
    await c.end();
    const m = stored.model;
    const votes = rows.map((r) => ({
      truth: truth.get(r.user_id_raiz) ?? 'low',
      kmeans: r.kmeans_cluster === m.kmeans.worstCluster,
      dbscan: r.dbscan_label === -1,
      forest: isForestOutlier(r.forest_score, m.forestCalibration),
      level: r.risk_level,
    }));
    const plantedHigh = votes.filter((v) => v.truth === 'high').length;
    const score = (flag: (v: (typeof votes)[number]) => boolean) => {
      const flagged = votes.filter(flag);
      const hits = flagged.filter((v) => v.truth === 'high').length;
      return { flagged: flagged.length, recall: round(hits / plantedHigh), precision: round(flagged.length ? hits / flagged.length : 0) };
    };
    const confusion: Record<string, Record<string, number>> = {};
    for (const t of RISK_LEVELS) confusion[t] = Object.fromEntries(RISK_LEVELS.map((p) => [p, 0]));
    for (const v of votes) confusion[v.truth][v.level]++;
    const rules = Object.fromEntries(VOTE_RULES.map((rule: VoteRule) => [rule, score((v) => decideRiskLevel(v, rule) === 'high')]));
    const result = {
      users, vectors: rows.length, plantedHigh, seconds: summary.seconds, eps: summary.eps.eps,
      confusionTruthByPredicted: confusion,
      high: score((v) => v.level === 'high'),
      detectors: { kmeans: score((v) => v.kmeans), dbscan: score((v) => v.dbscan), forest: score((v) => v.forest) },
      voteRules: rules,
    };
    console.log(JSON.stringify(result, null, 1));
    return result;
  } finally {
    await server.stop();
  }
}

/** Every measurement starts from an empty analytics database (the seeded sources are kept per size). */
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
