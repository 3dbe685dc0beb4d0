// cluster against a real database: verdicts, labels, stored model, reproducibility, atomicity, svg.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { loadLatestChartData, writeChartFiles } from '../../src/charts/chart-files.js';
import { scoreVector } from '../../src/cluster/ensemble.js';
import { loadLatestEnsembleModel } from '../../src/cluster/model-store.js';
import { readVectorMatrix } from '../../src/cluster/read-vectors.js';
import { runCluster } from '../../src/cluster/run-cluster.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { LoadError, NothingToDoError } from '../../src/errors.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { createLogger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { withClient } from '../support/crafted-sources.js';
import { tempDir } from '../support/temp-dir.js';

const logger = createLogger({ level: 'silent' });
let dbs: TestDatabases;

async function results(): Promise<Record<string, unknown>[]> {
  return withClient(dbs.analytics, async (c) => (await c.query('SELECT user_id_raiz, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi, severity, reasons FROM user_risk_results ORDER BY user_id_raiz')).rows);
}

describe('cluster', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await migrate(dbs.analytics, logger);
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });

  test('no vectors: exit 3 (NothingToDoError)', async () => {
    await assert.rejects(runCluster({ urls: dbs, logger }, { seed: 1 }), (e: unknown) => e instanceof NothingToDoError && (e as NothingToDoError).exitCode === 3);
  });

  test('labels every vector, stores verdicts, model and chart data; same seed, same labels', async () => {
    await seedDatabases(dbs, { users: 1500, seed: 3, referenceTime: new Date('2026-06-01T00:00:00Z') });
    const config = resolveConfig({ env: { DATABASE_URL_ANALYTICS: dbs.analytics, DATABASE_URL_AUTH: dbs.auth, DATABASE_URL_SOCIAL: dbs.social, DATABASE_URL_MESSAGING: dbs.messaging }, cwd: '/' });
    await runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime: new Date('2026-06-01T00:00:00Z') });
    const first = await runCluster({ urls: dbs, logger }, { seed: 7 });
    const counts = Object.fromEntries(first.levels.map((l) => [l.level, l.users]));
    assert.equal(counts.high + counts.moderate + counts.low, first.users);
    assert.ok(counts.high > 0 && counts.low > counts.high, `plausible split ${JSON.stringify(counts)}`);
    const labels = await withClient(dbs.analytics, (c) => c.query(`SELECT cluster_label, count(*)::int AS n FROM user_feature_vector GROUP BY 1`));
    assert.deepEqual(Object.fromEntries(labels.rows.map((r) => [r.cluster_label, r.n])), counts, 'every vector got its label');
    const r1 = await results();
    assert.equal(r1.length, first.users);
    for (const r of r1) assert.ok((r.asi as number) >= 0 && (r.asi as number) <= 100);
    for (const r of r1) assert.ok((r.severity as number) >= 0 && (r.severity as number) <= 100);
    // Reasons in real units: the vector's raw value on the risk side of the raw fence.
    const withRaw = await withClient(dbs.analytics, (c) =>
      c.query(`SELECT r.reasons, v.days_since_last_seen_raw, v.ratio_night_messages, v.num_community_categories_raw FROM user_risk_results r JOIN user_feature_vector v USING (user_id_raiz) WHERE r.risk_level = 'high'`),
    );
    let checked = 0;
    for (const row of withRaw.rows) {
      for (const reason of row.reasons as { kpi: string; value: number; fence: number }[]) {
        assert.deepEqual(Object.keys(reason).sort(), ['fence', 'kpi', 'value']);
        if (reason.kpi === 'days_since_last_seen') assert.equal(reason.value, row.days_since_last_seen_raw);
        if (reason.kpi === 'ratio_night_messages') assert.equal(reason.value, row.ratio_night_messages);
        if (reason.kpi === 'num_community_categories') assert.ok(reason.value === row.num_community_categories_raw && reason.value < reason.fence);
        else assert.ok(reason.value > reason.fence, JSON.stringify(reason));
        checked++;
      }
    }
    assert.ok(checked > 0, 'high users have reasons');
    const high = r1.filter((r) => r.risk_level === 'high');
    assert.ok(high.every((r) => (r.reasons as unknown[]).length >= 3), 'under the default rule every high user has at least 3 reasons');

    await runCluster({ urls: dbs, logger }, { seed: 7 });
    assert.deepEqual(await results(), r1, 'reproducible with the same seed');
  });

  test('the stored model scores the training vectors to their stored level and ASI, under the default and the seed\'s rule', async () => {
    for (const voteRule of [undefined, 'majority'] as const) {
      if (voteRule) await runCluster({ urls: dbs, logger }, { seed: 7, voteRule });
      const stored = await withClient(dbs.analytics, (c) => loadLatestEnsembleModel(c));
      assert.ok(stored);
      assert.equal(stored.model.voteRule, voteRule ?? 'severity');
      assert.equal(stored.model.riskSignals?.fences.length, stored.model.d, 'the risk fences are stored');
      const m = await withClient(dbs.analytics, (c) => readVectorMatrix(c));
      const byUser = new Map((await results()).map((r) => [r.user_id_raiz as string, r]));
      for (let i = 0; i < m.n; i++) {
        const v = scoreVector(stored.model, m.data.subarray(i * m.d, (i + 1) * m.d));
        const r = byUser.get(m.ids[i])!;
        assert.equal(v.level, r.risk_level);
        assert.equal(v.votes, r.votes);
        assert.ok(Math.abs(v.asi - (r.asi as number)) < 1e-9);
        assert.equal(v.severity, r.severity, 'scoreVector reproduces the stored severity');
        assert.deepEqual((r.reasons as { kpi: string }[]).length, v.reasons.length, 'one stored reason per KPI beyond its fence');
      }
    }
  });

  test('a failure before COMMIT leaves verdicts and labels as they were', async () => {
    const before = await results();
    await assert.rejects(
      runCluster({ urls: dbs, logger }, { seed: 99, k: 5, beforeCommit: async () => { throw new Error('injected'); } }),
      (e: unknown) => e instanceof LoadError,
    );
    assert.deepEqual(await results(), before);
    const run = await withClient(dbs.analytics, (c) => c.query(`SELECT status FROM cluster_runs ORDER BY cluster_run_id DESC LIMIT 1`));
    assert.equal(run.rows[0].status, 'failed');
  });

  test('svg writes the five charts from the stored chart data', async () => {
    const stored = await withClient(dbs.analytics, (c) => loadLatestChartData(c));
    const out = tempDir('aura-svg-');
    const files = writeChartFiles(stored.data, out, 'es');
    assert.deepEqual(files.map((f) => f.split('/').pop()).sort(), ['dashboard.svg', 'distribution.svg', 'radar.svg', 'risk-severity-histogram.svg', 'scatter.svg', 'severity-histogram.svg']);
    for (const f of files) {
      const svg = readFileSync(f, 'utf8');
      assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
      assert.match(svg, /<title>|<text/);
    }
    assert.match(readFileSync(join(out, 'distribution.svg'), 'utf8'), /Alto/);
  });
});
