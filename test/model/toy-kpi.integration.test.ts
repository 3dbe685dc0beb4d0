// A seventh KPI in a fixture registry, and nothing else: etl, cluster and watch compute, store, model and re-score it
// (README "How to add a KPI"). Its input columns are ones the social query already returns, and its migration is
// the test's own ALTER TABLE.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCluster } from '../../src/cluster/run-cluster.js';
import { loadLatestEnsembleModel } from '../../src/cluster/model-store.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { historyKpiColumns, kpiColumns, transformColumns } from '../../src/model/kpi-columns.js';
import { KPIS, type KpiDef, type KpiRegistry } from '../../src/model/kpis.js';
import { silentProgress } from '../../src/progress.js';
import { applyNotifyTriggers } from '../../src/realtime/install-triggers.js';
import { runWatch } from '../../src/realtime/watcher.js';
import { NothingToDoError } from '../../src/errors.js';
import { withClient } from '../support/crafted-sources.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { configFor, logger, startWatcher, waitUntil } from '../realtime/watch-fixture.js';

/** Share of the accounts a user deals with that they follow: following / (followers + following), 0 with neither. */
function followingShare(followers: number, following: number): number {
  return followers + following > 0 ? following / (followers + following) : 0;
}

const TOY: KpiDef = {
  name: 'following_share',
  column: 'following_share_norm',
  sql: 'double precision',
  raw: 'following_share_raw',
  rawSql: 'double precision',
  normalised: true,
  riskDirection: 1,
  labels: { es: 'Proporción de seguidos', en: 'Following share' },
  reads: [
    { name: 'followers_count', dataset: 'social_profiles', type: 'int' },
    { name: 'following_count', dataset: 'social_profiles', type: 'int' },
  ],
  compute: ({ rows, column }) => {
    const followers = column<number>('followers_count');
    const following = column<number>('following_count');
    return { raw: Float64Array.from({ length: rows }, (_, i) => followingShare(followers[i], following[i])) };
  },
};
const REGISTRY: KpiRegistry = [...KPIS, TOY];

/** The toy KPI's migration: its columns in the vector and history tables. */
const TOY_MIGRATION = `
  ALTER TABLE user_feature_vector ADD COLUMN following_share_norm double precision, ADD COLUMN following_share_raw double precision;
  ALTER TABLE user_feature_history ADD COLUMN following_share_norm double precision, ADD COLUMN following_share_raw double precision;`;

describe('a toy seventh KPI in a fixture registry', () => {
  let dbs: TestDatabases;
  before(async () => {
    dbs = await createTestDatabases();
    await seedDatabases(dbs, { users: 400, seed: 23, referenceTime: new Date() });
    await migrate(dbs.analytics, logger);
    await withClient(dbs.analytics, (c) => c.query(TOY_MIGRATION));
  });
  after(async () => {
    await dbs?.drop();
    await stopTestServer();
  });

  const sourceShares = async (): Promise<Map<string, number>> =>
    withClient(dbs.social, async (c) => {
      const { rows } = await c.query<{ user_id: string; followers_count: number; following_count: number }>(
        'SELECT user_id::text, followers_count, following_count FROM user_profiles WHERE is_active',
      );
      return new Map(rows.map((r) => [r.user_id, followingShare(r.followers_count, r.following_count)]));
    });

  test('the registry derives the toy columns in every list', () => {
    assert.deepEqual(kpiColumns(REGISTRY).slice(-1), ['following_share_norm']);
    assert.ok(transformColumns(REGISTRY).some((c) => c.name === 'following_share_raw'));
    assert.deepEqual(historyKpiColumns(REGISTRY).slice(-1), ['following_share_raw']);
    assert.ok(!kpiColumns().includes('following_share_norm'), 'the real registry is untouched');
  });

  test('etl computes, normalises and stores it in the vectors and the history', async () => {
    const config = { ...configFor(dbs), kpis: REGISTRY };
    const result = await runEtl({ config, urls: dbs, logger, progress: silentProgress });
    const shares = await sourceShares();
    await withClient(dbs.analytics, async (c) => {
      const { rows } = await c.query<{ id: string; raw: number; norm: number }>('SELECT user_id_raiz::text AS id, following_share_raw AS raw, following_share_norm AS norm FROM user_feature_vector');
      assert.equal(rows.length, result.users);
      for (const r of rows) {
        assert.equal(r.raw, shares.get(r.id), 'the raw value is the formula over the source columns');
        assert.ok(r.norm >= 0 && r.norm <= 1);
      }
      assert.ok(new Set(rows.map((r) => r.norm)).size > 10, 'normalised values spread over the scale');
      const params = await c.query('SELECT min_value, clip_value FROM normalization_params WHERE run_id = $1 AND kpi = $2', [result.runId, 'following_share']);
      assert.equal(params.rows.length, 1, 'its normalisation parameters are stored under its name');
      const history = await c.query('SELECT count(*)::int AS n FROM user_feature_history WHERE run_id = $1 AND following_share_raw IS NOT NULL AND following_share_norm IS NOT NULL', [result.runId]);
      assert.equal(history.rows[0].n, result.users);
    });
  });

  test('cluster fits the ensemble on seven KPIs and stores its fence', async () => {
    const summary = await runCluster({ urls: dbs, logger }, { seed: 7, kpis: REGISTRY });
    await withClient(dbs.analytics, async (c) => {
      const stored = await loadLatestEnsembleModel(c);
      assert.ok(stored);
      assert.equal(stored.model.d, 7);
      assert.deepEqual(stored.model.kpiColumns, kpiColumns(REGISTRY));
      assert.equal(stored.model.riskSignals.fences.length, 7);
      assert.deepEqual(stored.model.riskSignals.directions, [1, 1, 1, 1, 1, -1, 1]);
      const run = await c.query<{ risk_fences: { kpi: string; risk_side: string }[] }>('SELECT risk_fences FROM cluster_runs WHERE cluster_run_id = $1', [summary.clusterRunId]);
      assert.deepEqual(run.rows[0].risk_fences.at(-1)?.kpi, 'following_share');
      const results = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM user_risk_results WHERE cluster_run_id = $1', [summary.clusterRunId]);
      assert.equal(results.rows[0].n, summary.users);
    });
  });

  test('watch re-scores a user whose toy KPI changed, on the stored scale and with the seven-KPI model', async () => {
    const config = { ...configFor(dbs), kpis: REGISTRY };
    await applyNotifyTriggers(dbs, 'install', logger);
    // Changed while watch is stopped: the catch-up compares the toy KPI's raw value and finds the user.
    const [target] = await withClient(dbs.analytics, async (c) => (await c.query<{ id: string }>('SELECT user_id_raiz::text AS id FROM user_feature_vector ORDER BY 1 LIMIT 1')).rows);
    await withClient(dbs.social, (c) => c.query('UPDATE user_profiles SET following_count = following_count + 900 WHERE user_id = $1', [target.id]));
    const watcher = startWatcher(config, dbs, { maxBatch: 500 });
    try {
      const first = await waitUntil('the catch-up batch', () => watcher.batches.find((b) => b.catchUp), 30_000);
      assert.deepEqual(watcher.errors, []);
      assert.equal(first.caughtUp?.changed, 1, 'exactly the changed user');
      const expected = (await sourceShares()).get(target.id)!;
      await withClient(dbs.analytics, async (c) => {
        const v = await c.query('SELECT following_share_raw AS raw, following_share_norm AS norm, run_id FROM user_feature_vector WHERE user_id_raiz = $1', [target.id]);
        assert.equal(v.rows[0].raw, expected);
        const p = (await c.query('SELECT min_value, clip_value FROM normalization_params WHERE run_id = $1 AND kpi = $2', [v.rows[0].run_id, 'following_share'])).rows[0];
        const scaled = Math.min(1, Math.max(0, (Math.min(expected, p.clip_value) - p.min_value) / (p.clip_value - p.min_value)));
        assert.ok(Math.abs(v.rows[0].norm - scaled) < 1e-12, "renormalised with the full run's parameters");
        const h = await c.query('SELECT following_share_raw AS raw FROM user_feature_history h JOIN watch_batches b ON b.batch_id = h.run_id WHERE h.user_id_raiz = $1', [target.id]);
        assert.deepEqual(h.rows.map((r) => r.raw), [expected], 'the batch appended its history row with the toy KPI');
        const r = await c.query('SELECT updated_at > (SELECT finished_at FROM cluster_runs ORDER BY cluster_run_id DESC LIMIT 1) AS rescored FROM user_risk_results WHERE user_id_raiz = $1', [target.id]);
        assert.equal(r.rows[0]?.rescored, true, 'judged again by the seven-KPI ensemble');
      });
    } finally {
      await watcher.stop();
    }
  });

  test('watch with a registry the stored model was not fitted on refuses to start, naming the fix', async () => {
    const controller = new AbortController();
    const watching = runWatch({ config: configFor(dbs), urls: dbs, logger, signal: controller.signal }, { debounceMs: 100, maxBatch: 500, statsIntervalMs: 60_000 });
    try {
      await assert.rejects(watching, (err: Error) => err instanceof NothingToDoError && /fitted on other KPIs \(7, this registry has 6\).*aura-miner cluster/.test(err.message));
    } finally {
      controller.abort();
      await watching.catch(() => {});
    }
  });
});
