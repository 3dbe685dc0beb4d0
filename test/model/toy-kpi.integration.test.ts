// A seventh KPI added as README "How to add a KPI" says, and nothing else: an entry in a fixture registry, its
// input column in one query file (a copy of sql/extract/social-profiles.sql that also returns the bio's length,
// read through Config.extractSqlDir), and its migration (the test's own ALTER TABLE). etl, cluster and watch
// compute, store, model and re-score it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCluster } from '../../src/cluster/run-cluster.js';
import { loadLatestEnsembleModel } from '../../src/cluster/model-store.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { historyKpiColumns, kpiColumns, transformColumns } from '../../src/model/kpi-columns.js';
import { userDatasetsFor } from '../../src/model/datasets.js';
import { KPIS, type KpiDef, type KpiRegistry } from '../../src/model/kpis.js';
import { SQL_DIR } from '../../src/paths.js';
import { silentProgress } from '../../src/progress.js';
import { applyNotifyTriggers } from '../../src/realtime/install-triggers.js';
import { runWatch } from '../../src/realtime/watcher.js';
import { NothingToDoError } from '../../src/errors.js';
import { withClient } from '../support/crafted-sources.js';
import { tempDir } from '../support/temp-dir.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { configFor, logger, startWatcher, waitUntil } from '../realtime/watch-fixture.js';

/** The toy KPI: how long the user's bio is, in characters (a short or missing bio on the risk side). */
const TOY: KpiDef = {
  name: 'bio_length',
  column: 'bio_length_norm',
  sql: 'double precision',
  raw: 'bio_length_raw',
  rawSql: 'double precision',
  normalised: true,
  riskDirection: -1,
  labels: { es: 'Longitud de la biografía', en: 'Bio length' },
  reads: [{ name: 'bio_chars', dataset: 'social_profiles', type: 'int' }],
  compute: ({ rows, column }) => {
    const chars = column<number>('bio_chars');
    return { raw: Float64Array.from({ length: rows }, (_, i) => chars[i]) };
  },
};
const REGISTRY: KpiRegistry = [...KPIS, TOY];

/** The toy KPI's migration: its columns in the vector and history tables. */
const TOY_MIGRATION = `
  ALTER TABLE user_feature_vector ADD COLUMN bio_length_norm double precision, ADD COLUMN bio_length_raw double precision;
  ALTER TABLE user_feature_history ADD COLUMN bio_length_norm double precision, ADD COLUMN bio_length_raw double precision;`;

/** The one query file the toy KPI edits: the social profiles query, returning its input column last. */
function toyQueryFolder(): string {
  const dir = tempDir('aura-toy-sql-');
  const query = readFileSync(join(SQL_DIR, 'extract', 'social-profiles.sql'), 'utf8');
  const edited = query.replace(
    "coalesce(cm.categories, '[]'::json) AS categories\n",
    "coalesce(cm.categories, '[]'::json) AS categories,\n  coalesce(char_length(p.bio), 0) AS bio_chars\n",
  );
  assert.notEqual(edited, query, 'the select list was found');
  writeFileSync(join(dir, 'social-profiles.sql'), edited);
  return dir;
}
const SQL_FOLDER = toyQueryFolder();

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

  const sourceBioLengths = async (): Promise<Map<string, number>> =>
    withClient(dbs.social, async (c) => {
      const { rows } = await c.query<{ user_id: string; bio: string | null }>('SELECT user_id::text, bio FROM user_profiles WHERE is_active');
      return new Map(rows.map((r) => [r.user_id, r.bio === null ? 0 : [...r.bio].length]));
    });

  test('the registry derives the toy columns in every list', () => {
    assert.deepEqual(kpiColumns(REGISTRY).slice(-1), ['bio_length_norm']);
    assert.ok(transformColumns(REGISTRY).some((c) => c.name === 'bio_length_raw'));
    assert.deepEqual(historyKpiColumns(REGISTRY).slice(-1), ['bio_length_raw']);
    const social = userDatasetsFor(REGISTRY, SQL_FOLDER).find((d) => d.name === 'social_profiles')!;
    assert.deepEqual(social.columns.at(-1), { name: 'bio_chars', type: 'int' }, 'the dataset reads its input column, last');
    assert.ok(!kpiColumns().includes('bio_length_norm'), 'the real registry is untouched');
    assert.ok(!userDatasetsFor().some((d) => d.columns.some((c) => c.name === 'bio_chars')), 'and so are the real datasets');
  });

  test('etl computes, normalises and stores it in the vectors and the history', async () => {
    const config = { ...configFor(dbs), kpis: REGISTRY, extractSqlDir: SQL_FOLDER };
    const result = await runEtl({ config, urls: dbs, logger, progress: silentProgress });
    const lengths = await sourceBioLengths();
    await withClient(dbs.analytics, async (c) => {
      const { rows } = await c.query<{ id: string; raw: number; norm: number }>('SELECT user_id_raiz::text AS id, bio_length_raw AS raw, bio_length_norm AS norm FROM user_feature_vector');
      assert.equal(rows.length, result.users);
      assert.ok(new Set(rows.map((r) => r.raw)).size > 10, 'bios of many lengths');
      for (const r of rows) {
        assert.equal(r.raw, lengths.get(r.id), 'the raw value is the source column the edited query returns');
        assert.ok(r.norm >= 0 && r.norm <= 1);
      }
      assert.ok(new Set(rows.map((r) => r.norm)).size > 10, 'normalised values spread over the scale');
      const params = await c.query('SELECT min_value, clip_value FROM normalization_params WHERE run_id = $1 AND kpi = $2', [result.runId, 'bio_length']);
      assert.equal(params.rows.length, 1, 'its normalisation parameters are stored under its name');
      const history = await c.query('SELECT count(*)::int AS n FROM user_feature_history WHERE run_id = $1 AND bio_length_raw IS NOT NULL AND bio_length_norm IS NOT NULL', [result.runId]);
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
      assert.deepEqual(stored.model.riskSignals.directions, [...KPIS.map((k) => k.riskDirection), -1]);
      const run = await c.query<{ risk_fences: { kpi: string; risk_side: string }[] }>('SELECT risk_fences FROM cluster_runs WHERE cluster_run_id = $1', [summary.clusterRunId]);
      assert.deepEqual(run.rows[0].risk_fences.at(-1)?.kpi, 'bio_length');
      const results = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM user_risk_results WHERE cluster_run_id = $1', [summary.clusterRunId]);
      assert.equal(results.rows[0].n, summary.users);
    });
  });

  test('watch re-scores a user whose toy KPI changed, on the stored scale and with the seven-KPI model', async () => {
    const config = { ...configFor(dbs), kpis: REGISTRY, extractSqlDir: SQL_FOLDER };
    await applyNotifyTriggers(dbs, 'install', logger);
    // Changed while watch is stopped: the catch-up compares the toy KPI's raw value and finds the user.
    const [target] = await withClient(dbs.analytics, async (c) => (await c.query<{ id: string }>('SELECT user_id_raiz::text AS id FROM user_feature_vector ORDER BY 1 LIMIT 1')).rows);
    await withClient(dbs.social, (c) => c.query("UPDATE user_profiles SET bio = repeat('ñ', 777) WHERE user_id = $1", [target.id]));
    const watcher = startWatcher(config, dbs, { maxBatch: 500 });
    try {
      const first = await waitUntil('the catch-up batch', () => watcher.batches.find((b) => b.catchUp), 30_000);
      assert.deepEqual(watcher.errors, []);
      assert.equal(first.caughtUp?.changed, 1, 'exactly the changed user');
      const expected = (await sourceBioLengths()).get(target.id)!;
      assert.equal(expected, 777);
      await withClient(dbs.analytics, async (c) => {
        const v = await c.query('SELECT bio_length_raw AS raw, bio_length_norm AS norm, run_id FROM user_feature_vector WHERE user_id_raiz = $1', [target.id]);
        assert.equal(v.rows[0].raw, expected);
        const p = (await c.query('SELECT min_value, clip_value FROM normalization_params WHERE run_id = $1 AND kpi = $2', [v.rows[0].run_id, 'bio_length'])).rows[0];
        const scaled = Math.min(1, Math.max(0, (Math.min(expected, p.clip_value) - p.min_value) / (p.clip_value - p.min_value)));
        assert.ok(Math.abs(v.rows[0].norm - scaled) < 1e-12, "renormalised with the full run's parameters");
        const h = await c.query('SELECT bio_length_raw AS raw FROM user_feature_history h JOIN watch_batches b ON b.batch_id = h.run_id WHERE h.user_id_raiz = $1', [target.id]);
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
