// Execute endpoints: execute-etl (seed shape), execute-etl-async + job polling, clustering/execute, 409s.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { ETL_LOCK_KEY } from '../../../src/db/run-locks.js';
import { withClient } from '../../support/crafted-sources.js';
import { auth, type ServeEnv } from '../serve-fixture.js';
import { call } from './read-routes.js';
import { bearer, openSocket } from './websockets.js';

export function describeExecuteRoutes(env: () => ServeEnv): void {
  const post = (path: string, body?: unknown) =>
    call(env().serve.base, path, { method: 'POST', headers: body === undefined ? auth() : { ...auth(), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const get = (path: string) => call(env().serve.base, path, { headers: auth() });

  describe('execute endpoints', () => {
    test('execute-etl: the seed response shape', async () => {
      const r = await post('/api/v1/data-miner/execute-etl');
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'success');
      assert.equal(r.json.records_processed, env().users);
      assert.ok(!Number.isNaN(Date.parse(r.json.extraction_date)));
      assert.match(r.json.next_step, /user_feature_vector/);
      assert.equal(typeof r.json.message, 'string');
      assert.ok(Number.isInteger(r.json.run_id));
    });

    test('execute-etl-async: 202 + job URL; a second pipeline meanwhile gets 409; the job succeeds', async () => {
      const r = await post('/api/v1/data-miner/execute-etl-async', { reference_time: new Date().toISOString() });
      assert.equal(r.status, 202);
      assert.equal(r.json.status, 'accepted');
      assert.equal(r.json.check_status_at, `/api/v1/data-miner/jobs/${r.json.job_id}`);
      assert.equal(r.headers.get('location'), r.json.check_status_at);
      const busy = await post('/api/v1/data-miner/execute-etl');
      assert.equal(busy.status, 409);
      assert.match(busy.json.message, /running/);
      assert.equal((await post('/api/v1/clustering/execute')).status, 409);
      assert.equal((await post('/api/v1/data-miner/execute-etl-async')).status, 409);
      const running = await get('/api/v1/data-miner/status');
      assert.equal(running.json.ready_for_etl, false);
      assert.equal(running.json.pipeline_running.kind, 'etl');
      let job = (await get(r.json.check_status_at)).json;
      for (let i = 0; i < 300 && job.status === 'running'; i++) {
        await new Promise((res) => setTimeout(res, 100));
        job = (await get(r.json.check_status_at)).json;
      }
      assert.equal(job.status, 'succeeded', JSON.stringify(job));
      assert.equal(job.kind, 'etl');
      assert.equal(job.result.records_processed, env().users);
      assert.equal((await get('/api/v1/data-miner/jobs/00000000-0000-4000-8000-000000000000')).status, 404);
      assert.equal((await get('/api/v1/data-miner/jobs/not-a-uuid')).status, 400);
      assert.equal((await call(env().serve.base, r.json.check_status_at)).status, 401, 'jobs need a token');
    });

    test('clustering/execute: summary, CLUSTER_RUN on ws/live, charts of the new run', async () => {
      const live = openSocket(env().serve.base, 'live', bearer());
      await live.next((m) => m.type === 'AUTH_OK');
      const before = (await get('/api/v2/clustering/data/distribution')).headers.get('x-cluster-run-id');
      const r = await post('/api/v1/clustering/execute', { seed: 11, k: 5 });
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'success');
      assert.equal(r.json.users, env().users);
      assert.deepEqual(r.json.levels.map((l: { level: string }) => l.level), ['high', 'moderate', 'low']);
      const hint = await live.next((m) => m.type === 'CLUSTER_RUN');
      assert.equal(hint.payload.cluster_run_id, r.json.cluster_run_id);
      const after = await get('/api/v2/clustering/data/distribution');
      assert.notEqual(after.headers.get('x-cluster-run-id'), before);
      assert.equal(after.headers.get('x-cluster-run-id'), String(r.json.cluster_run_id));
      live.ws.close();
    });

    test('clustering/execute whose result flags everyone: 422, the live verdicts stay, the run row says failed', async () => {
      const snapshot = () =>
        withClient(env().dbs.analytics, async (c) => (await c.query(`SELECT md5(string_agg(user_id_raiz::text || risk_level || asi::text || cluster_run_id::text, ',' ORDER BY user_id_raiz)) AS h FROM user_risk_results`)).rows[0].h as string);
      const before = await snapshot();
      // Every point DBSCAN noise: every user gets a vote, nobody is low.
      const r = await post('/api/v1/clustering/execute', { eps: 1e-9, min_pts: 256 });
      assert.equal(r.status, 422, r.text);
      assert.match(r.json.detail, /unusable.*no user is low/);
      assert.equal(await snapshot(), before);
      const last = await withClient(env().dbs.analytics, async (c) => (await c.query(`SELECT status, error FROM cluster_runs ORDER BY cluster_run_id DESC LIMIT 1`)).rows[0]);
      assert.equal(last.status, 'failed');
      assert.match(last.error, /unusable/);
    });

    test('another process holding the ETL advisory lock: 409 from the database guard', async () => {
      const holder = new pg.Client({ connectionString: env().dbs.analytics });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1)', [ETL_LOCK_KEY.toString()]);
        const r = await post('/api/v1/clustering/execute');
        assert.equal(r.status, 409);
        assert.match(r.json.message, /lock/);
        assert.equal((await post('/api/v1/data-miner/execute-etl')).status, 409);
      } finally {
        await holder.end();
      }
    });
  });
}
