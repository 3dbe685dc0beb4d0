// HTTP read endpoints of SPEC §7 against the populated database: status codes and response shapes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withClient } from '../../support/crafted-sources.js';
import { auth, OTHER_TOKEN, WRONG_TOKEN, type ServeEnv } from '../serve-fixture.js';

export async function call(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function describeReadRoutes(env: () => ServeEnv): void {
  const get = (path: string, headers: Record<string, string> = {}) => call(env().serve.base, path, { headers });

  describe('v1 read endpoints', () => {
    test('status: seed HealthResponse, public (plus the runs a dead process abandoned)', async () => {
      const r = await get('/api/v1/data-miner/status');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, {
        status: 'ok', service: 'AURA Data Miner', ready_for_etl: true, pipeline_running: null,
        abandoned_runs: { etl_runs: 0, cluster_runs: 0, last: null },
      });
    });

    test('feature-vector/count and clustering/results', async () => {
      const count = await get('/api/v1/data-miner/feature-vector/count');
      assert.equal(count.status, 200);
      assert.equal(count.json.count, env().users);
      assert.equal(count.json.labelled, env().users);
      assert.ok(!Number.isNaN(Date.parse(count.json.last_extraction_date)));
      const results = await get('/api/v1/clustering/results');
      assert.equal(results.status, 200);
      assert.equal(results.json.cluster_run.status, 'succeeded');
      const byLevel = results.json.users_by_level;
      assert.equal(byLevel.high + byLevel.moderate + byLevel.low, env().users);
      assert.deepEqual(results.json.cluster_run.level_counts, byLevel);
    });

    test('visualize/*: SVG documents from the same renderer as `aura-miner svg`', async () => {
      for (const name of ['dashboard', 'scatter', 'distribution', 'radar', 'severity-histogram', 'risk-severity-histogram']) {
        const r = await get(`/api/v1/clustering/visualize/${name}`);
        assert.equal(r.status, 200, name);
        assert.match(r.headers.get('content-type')!, /^image\/svg\+xml/);
        assert.match(r.text, /^<svg[\s>]/);
      }
      assert.match((await get('/api/v1/clustering/visualize/radar?lang=en')).text, /K-Means/);
      assert.equal((await get('/api/v1/clustering/visualize/radar?lang=fr')).status, 400);
      assert.equal((await get('/api/v1/clustering/visualize/pie')).status, 404);
    });

    test('users/{risk_level}: 401 without or with a wrong token, 400 on bad input', async () => {
      const none = await get('/api/v1/clustering/users/high');
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate')!, /^Bearer/);
      assert.equal((await get('/api/v1/clustering/users/high', auth(WRONG_TOKEN))).status, 401);
      assert.equal((await get('/api/v1/clustering/users/high', { authorization: `Basic ${WRONG_TOKEN}` })).status, 401);
      const bad = await get('/api/v1/clustering/users/extreme', auth());
      assert.equal(bad.status, 400);
      assert.match(bad.json.message, /high, moderate, low/);
      for (const q of ['limit=0', 'limit=501', 'limit=abc', 'cursor=garbage']) assert.equal((await get(`/api/v1/clustering/users/low?${q}`, auth())).status, 400, q);
    });

    for (const sort of ['severity', 'asi'] as const) test(`users/{risk_level}?sort=${sort}: every user of the level once, ${sort} descending (ties by user id), page by page`, async () => {
      const levels = (await get('/api/v1/clustering/results')).json.users_by_level;
      const seen: { user_id: string; asi: number; severity: number }[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const r = await get(`/api/v1/clustering/users/moderate?limit=7${sort === 'asi' ? '&sort=asi' : ''}${cursor ? `&cursor=${cursor}` : ''}`, auth(OTHER_TOKEN));
        assert.equal(r.json.sort, sort);
        assert.equal(r.status, 200);
        assert.ok(r.json.users.length <= 7);
        for (const u of r.json.users) {
          assert.equal(u.risk_level, 'moderate');
          assert.equal(Object.keys(u.kpis).length, 6);
        }
        seen.push(...r.json.users);
        cursor = r.json.next_cursor;
        pages++;
      }
      assert.equal(seen.length, levels.moderate);
      assert.equal(new Set(seen.map((u) => u.user_id)).size, seen.length, 'no user twice');
      for (let i = 1; i < seen.length; i++) {
        const [a, b] = [seen[i - 1], seen[i]];
        assert.ok(a[sort] > b[sort] || (a[sort] === b[sort] && a.user_id < b.user_id), `sorted by ${sort}, then user id`);
      }
      assert.equal(pages, Math.max(1, Math.ceil(levels.moderate / 7)), 'no empty last page');
    });
  });

  describe('v2 read endpoints', () => {
    test('Chart.js data for distribution, scatter, radar, severity-histogram', async () => {
      for (const name of ['distribution', 'scatter', 'radar', 'severity-histogram']) {
        const r = await get(`/api/v2/clustering/data/${name}`);
        assert.equal(r.status, 200, name);
        assert.ok(Array.isArray(r.json.labels) && Array.isArray(r.json.datasets) && r.json.datasets.length > 0, name);
        for (const d of r.json.datasets) assert.ok(typeof d.label === 'string' && Array.isArray(d.data), name);
      }
      const dist = (await get('/api/v2/clustering/data/distribution')).json;
      assert.deepEqual(dist.labels, ['Alto riesgo', 'Riesgo moderado', 'Bajo riesgo']);
      assert.equal(dist.datasets[0].data.reduce((a: number, b: number) => a + b, 0), env().users);
      assert.deepEqual((await get('/api/v2/clustering/data/distribution?lang=en')).json.labels, ['High risk', 'Moderate risk', 'Low risk']);
      const scatter = await get('/api/v2/clustering/data/scatter');
      assert.equal(scatter.headers.get('content-encoding'), 'gzip', 'gzip for clients that accept it');
      const etag = scatter.headers.get('etag')!;
      assert.equal((await get('/api/v2/clustering/data/scatter', { 'if-none-match': etag })).status, 304);
      const hist = (await get('/api/v2/clustering/data/severity-histogram')).json;
      assert.equal(hist.datasets[0].data.reduce((a: number, b: number) => a + b, 0), env().users);
      assert.match(hist.datasets[0].label, /ASI/, 'the histogram says it counts the ASI');
      const severity = (await get('/api/v2/clustering/data/risk-severity-histogram')).json;
      assert.equal(severity.datasets[0].data.reduce((a: number, b: number) => a + b, 0), env().users);
      assert.match(severity.datasets[0].label, /Severidad/);
    });

    test('kpi-trends: 24 hourly buckets by default, the run in the last one; hours validated 1..720', async () => {
      const r = await get('/api/v2/clustering/data/kpi-trends');
      assert.equal(r.status, 200);
      assert.equal(r.json.hours, 24);
      assert.equal(r.json.bucket_hours, 1);
      assert.equal(r.json.labels.length, 24);
      assert.equal(r.json.datasets.length, 6);
      assert.equal(r.json.users.at(-1), env().users);
      for (const d of r.json.datasets) {
        const v = d.data.at(-1);
        assert.ok(typeof v === 'number' && v >= 0 && v <= 1, d.kpi);
      }
      assert.equal((await get('/api/v2/clustering/data/kpi-trends?hours=720')).json.labels.length, 30);
      for (const h of ['0', '721', 'abc', '1.5', '-3']) {
        const bad = await get(`/api/v2/clustering/data/kpi-trends?hours=${h}`);
        assert.equal(bad.status, 400, h);
        assert.match(bad.json.message, /hours/);
      }
    });

    test('high-risk-users: token required; crisis writers first (issue 16), then high only; highest severity first in each part (sort=asi: highest ASI), reasons on the risk side', async () => {
      assert.equal((await get('/api/v2/clustering/data/high-risk-users')).status, 401);
      const r = await get('/api/v2/clustering/data/high-risk-users?limit=500', auth());
      assert.equal(r.status, 200);
      const levels = (await get('/api/v1/clustering/results')).json.users_by_level;
      type Row = { asi: number; risk_level: string; reasons: unknown[] };
      const crisis = (r.json.users as Row[]).filter((u) => (u.reasons as { kpi: string }[])[0]?.kpi === 'crisis_language');
      const rest = (r.json.users as Row[]).slice(crisis.length);
      assert.deepEqual(r.json.users.slice(0, crisis.length), crisis, 'crisis writers come first');
      assert.equal(rest.length + crisis.filter((u) => u.risk_level === 'high').length, levels.high);
      assert.equal(r.json.next_cursor, null);
      type Listed = { user_id: string; severity: number; asi: number; risk_level: string; reasons: { kpi: string; value: number; fence: number }[] };
      const isCrisis = (u: Listed) => u.reasons[0]?.kpi === 'crisis_language';
      for (const part of [crisis as unknown as Listed[], rest as unknown as Listed[]]) for (let i = 1; i < part.length; i++) assert.ok(part[i - 1].severity >= part[i].severity, 'highest severity first');
      assert.ok((crisis as unknown as Listed[]).every(isCrisis));
      assert.ok(rest.every((u) => u.risk_level === 'high'));
      // Reasons: exactly {kpi, value, fence}, on the risk side; every high user has at least three under the broad rule.
      for (const u of rest as unknown as Listed[]) {
        assert.ok(u.reasons.length >= 3 && u.severity > 0);
        for (const reason of u.reasons) {
          assert.deepEqual(Object.keys(reason).sort(), ['fence', 'kpi', 'value']);
          assert.ok(reason.kpi === 'num_community_categories' ? reason.value < reason.fence : reason.value > reason.fence, JSON.stringify(reason));
        }
      }
      const byAsi = await get('/api/v2/clustering/data/high-risk-users?limit=500&sort=asi', auth());
      const asiCrisis = (byAsi.json.users as Listed[]).filter(isCrisis);
      const asiRest = (byAsi.json.users as Listed[]).slice(asiCrisis.length);
      for (const part of [asiCrisis, asiRest]) for (let i = 1; i < part.length; i++) assert.ok(part[i - 1].asi >= part[i].asi, 'sort=asi: highest ASI first');
      assert.deepEqual(new Set(byAsi.json.users.map((u: { user_id: string }) => u.user_id)), new Set(r.json.users.map((u: { user_id: string }) => u.user_id)));
      const page1 = await get('/api/v2/clustering/data/high-risk-users?limit=1', auth());
      assert.equal((await get(`/api/v2/clustering/data/high-risk-users?limit=1&sort=asi&cursor=${page1.json.next_cursor}`, auth())).status, 400, 'a severity cursor is refused for the ASI order');
    });

    test('users/{user_id}: token required; verdict, reasons, every KPI against its fence, trend from the feature history', async () => {
      const listed = (await get('/api/v2/clustering/data/high-risk-users?limit=500', auth())).json.users as { user_id: string; severity: number; reasons: { kpi: string }[] }[];
      const top = listed.find((u) => u.reasons[0]?.kpi !== 'crisis_language')!;
      const none = await get(`/api/v2/clustering/users/${top.user_id}`);
      assert.equal(none.status, 401);
      assert.equal(none.json.reasons, undefined, 'no reasons without a token');
      const r = await get(`/api/v2/clustering/users/${top.user_id}`, auth());
      assert.equal(r.status, 200);
      assert.equal(r.json.severity, top.severity);
      assert.deepEqual(r.json.reasons, top.reasons);
      assert.equal(r.json.kpis.length, 6);
      assert.deepEqual(r.json.kpis.filter((k: { beyond: boolean }) => k.beyond).map((k: { kpi: string }) => k.kpi).sort(), top.reasons.map((x: { kpi: string }) => x.kpi).sort(), 'the KPIs beyond their fences are the reasons');
      assert.ok(r.json.history.length >= 1 && Object.keys(r.json.history[0].values).length === 6);
      assert.equal((await get('/api/v2/clustering/users/00000000-0000-4000-8000-000000000000', auth())).status, 404);
      assert.equal((await get('/api/v2/clustering/users/not-a-uuid', auth())).status, 400);
    });

    test('status: last runs, WebSocket clients, listener; watch state and batches when their tables exist', async () => {
      const r = await get('/api/v2/clustering/status');
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'ok');
      assert.equal(r.json.last_etl_run.status, 'succeeded');
      assert.equal(r.json.last_cluster_run.status, 'succeeded');
      assert.deepEqual(Object.keys(r.json.websocket_clients).sort(), ['alerts', 'live']);
      assert.equal(r.json.listener.state, 'listening');
      assert.equal(r.json.last_watch_batch, null, 'no watch batch yet');
      // The tables come from `watch`'s migration 004; created here when that migration is absent.
      await withClient(env().dbs.analytics, async (c) => {
        await c.query(`CREATE TABLE IF NOT EXISTS watch_state (id smallint PRIMARY KEY DEFAULT 1, instance text, state text, last_batch_at timestamptz, lag_seconds double precision, updated_at timestamptz NOT NULL DEFAULT now())`);
        await c.query(`CREATE TABLE IF NOT EXISTS watch_batches (batch_id bigint PRIMARY KEY, instance text NOT NULL, norm_run_id bigint NOT NULL, cluster_run_id bigint NOT NULL,
          catch_up boolean NOT NULL DEFAULT false, started_at timestamptz NOT NULL, finished_at timestamptz NOT NULL DEFAULT clock_timestamp(), changes integer NOT NULL,
          users integer NOT NULL, removed integer NOT NULL, texts_scored integer NOT NULL, texts_removed integer NOT NULL, alerts integer NOT NULL)`);
        await c.query(`INSERT INTO watch_state (id, instance, state, last_batch_at, lag_seconds, updated_at) VALUES (1, 'watch-0', 'running', now(), 1.5, now())`);
        await c.query(`INSERT INTO watch_batches (batch_id, instance, norm_run_id, cluster_run_id, started_at, finished_at, changes, users, removed, texts_scored, texts_removed, alerts)
          VALUES (1000, 'watch-0', 1, 1, now() - interval '2 seconds', now(), 4, 3, 0, 5, 0, 1)`);
      });
      const fresh = { 'cache-control': 'no-cache' };
      const s = (await get('/api/v2/clustering/status', fresh)).json;
      assert.equal(s.watch.length, 1);
      assert.equal(s.watch[0].instance, 'watch-0');
      assert.equal(s.watch[0].lag_seconds, 1.5);
      assert.equal(s.last_watch_batch.users, 3);
      assert.ok(Math.abs(s.last_watch_batch.duration_seconds - 2) < 0.05);
      assert.equal((await get('/api/v2/clustering/data/kpi-trends', fresh)).json.watch_users.at(-1), 3);
      const metrics = (await get('/metrics')).text;
      assert.match(metrics, /aura_watch_lag_seconds\{instance="watch-0"\} 1\.5/);
      assert.match(metrics, /aura_watch_last_batch_duration_seconds 2/);
      await withClient(env().dbs.analytics, (c) => c.query('ALTER TABLE watch_state RENAME TO watch_state_hidden'));
      try {
        assert.equal((await get('/api/v2/clustering/status', fresh)).json.watch, null, 'serve runs on a database without watch_state');
      } finally {
        await withClient(env().dbs.analytics, (c) => c.query('ALTER TABLE watch_state_hidden RENAME TO watch_state'));
      }
    });
  });

  describe('errors, CORS, OpenAPI, docs, metrics', () => {
    test('unknown path 404, malformed JSON / oversized / unknown body fields 400', async () => {
      const base = env().serve.base;
      assert.equal((await get('/api/v1/nothing-here')).status, 404);
      const json = { ...auth(), 'content-type': 'application/json' };
      const malformed = await call(base, '/api/v1/clustering/execute', { method: 'POST', headers: json, body: '{"k": ' });
      assert.equal(malformed.status, 400);
      assert.match(malformed.json.message, /JSON/);
      const big = await call(base, '/api/v1/clustering/execute', { method: 'POST', headers: json, body: JSON.stringify({ pad: 'x'.repeat(100_000) }) });
      assert.equal(big.status, 400);
      assert.match(big.json.message, /too large/);
      const unknown = await call(base, '/api/v1/clustering/execute', { method: 'POST', headers: json, body: '{"kk": 3}' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.json.message, /kk/);
      const range = await call(base, '/api/v1/clustering/execute', { method: 'POST', headers: json, body: '{"contamination": 2}' });
      assert.equal(range.status, 400);
      assert.equal((await call(base, '/api/v1/clustering/execute', { method: 'POST' })).status, 401, 'execute needs a token');
      assert.equal((await call(base, '/api/v1/data-miner/execute-etl', { method: 'POST', headers: auth(WRONG_TOKEN) })).status, 401);
    });

    test('CORS: allow-listed origin only, never a wildcard', async () => {
      const preflight = (origin: string) =>
        call(env().serve.base, '/api/v2/clustering/data/high-risk-users', {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
      const ok = await preflight('https://panel.example.org');
      assert.equal(ok.headers.get('access-control-allow-origin'), 'https://panel.example.org');
      assert.match(ok.headers.get('access-control-allow-headers') ?? '', /authorization/i);
      assert.equal(ok.headers.get('access-control-allow-credentials'), null);
      const evil = await preflight('https://evil.example.com');
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
    });

    test('/openapi.json lists every SPEC §7 HTTP path with schemas; /docs is served from local assets', async () => {
      const doc = (await get('/openapi.json')).json;
      for (const path of [
        '/api/v1/data-miner/status',
        '/api/v1/data-miner/execute-etl',
        '/api/v1/data-miner/execute-etl-async',
        '/api/v1/data-miner/feature-vector/count',
        '/api/v1/clustering/execute',
        '/api/v1/clustering/results',
        '/api/v1/clustering/visualize/dashboard',
        '/api/v1/clustering/visualize/scatter',
        '/api/v1/clustering/visualize/distribution',
        '/api/v1/clustering/visualize/radar',
        '/api/v1/clustering/users/{risk_level}',
        '/api/v2/clustering/data/distribution',
        '/api/v2/clustering/data/scatter',
        '/api/v2/clustering/data/radar',
        '/api/v2/clustering/data/severity-histogram',
        '/api/v2/clustering/data/kpi-trends',
        '/api/v2/clustering/data/high-risk-users',
        '/api/v2/clustering/status',
      ]) {
        assert.ok(doc.paths[path], path);
      }
      assert.ok(doc.paths['/api/v1/clustering/users/{risk_level}'].get.security, 'per-user route declares bearer auth');
      assert.ok(doc.paths['/api/v2/clustering/data/kpi-trends'].get.responses['200'].content);
      const docs = await get('/docs');
      assert.equal(docs.status, 200);
      const assets = [...docs.text.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(assets.length > 0);
      for (const a of assets) {
        assert.ok(!/^https?:/.test(a), `no CDN: ${a}`);
        assert.equal((await get(a.startsWith('/') ? a : `/docs/${a.replace(/^\.\//, '')}`)).status, 200, a);
      }
    });

    test('/metrics: per-route counts and latency, WebSocket clients, last runs, users per level', async () => {
      const r = await get('/metrics');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /text\/plain/);
      assert.match(r.text, /aura_http_requests_total\{method="GET",route="\/api\/v1\/clustering\/users\/:risk_level",status_code="200"\} \d+/);
      assert.match(r.text, /aura_http_request_duration_seconds_bucket\{le="0\.05",method="GET",route="\/api\/v2\/clustering\/data\/distribution"/);
      assert.match(r.text, /aura_ws_clients\{channel="live"\} \d+/);
      assert.match(r.text, /aura_last_etl_timestamp_seconds \d+/);
      assert.match(r.text, /aura_last_etl_duration_seconds [\d.]+/);
      assert.match(r.text, /aura_last_cluster_timestamp_seconds \d+/);
      assert.match(r.text, /aura_users\{risk_level="high"\} \d+/);
      assert.match(r.text, /aura_listener_up 1/);
      assert.doesNotMatch(r.text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'no user id in metrics');
    });
  });
}
