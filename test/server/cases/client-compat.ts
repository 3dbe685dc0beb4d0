// What the seed's clients and shared caches rely on: `detail` in error bodies, no-store on per-user answers, Vary: Origin, /redoc.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launchBrowser } from '../../support/browser.js';
import { auth, type ServeEnv } from '../serve-fixture.js';
import { call } from './read-routes.js';

const ORIGIN = 'https://panel.example.org';

export function describeClientCompat(env: () => ServeEnv): void {
  const get = (path: string, headers: Record<string, string> = {}) => call(env().serve.base, path, { headers });

  describe('client compatibility', () => {
    test('every error body carries `detail` (read by FastAPI clients) beside `message`', async () => {
      const answers = [
        await get('/api/v1/clustering/users/high'), // 401
        await get('/api/v1/clustering/users/extreme', auth()), // 400, schema
        await get('/api/v1/clustering/users/high?cursor=bm90LWEtY3Vyc29y', auth()), // 400, handler
        await get('/no/such/path'), // 404
        await call(env().serve.base, '/api/v1/data-miner/execute-etl', { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: '{bad' }), // 400, body
      ];
      for (const r of answers) {
        assert.ok(r.status >= 400, r.text);
        assert.equal(typeof r.json.message, 'string', r.text);
        assert.equal(r.json.detail, r.json.message, r.text);
      }
    });

    test('per-user answers are never stored by a cache (no-store); aggregates stay revalidated (no-cache)', async () => {
      for (const path of ['/api/v2/clustering/data/high-risk-users?limit=5', '/api/v1/clustering/users/high?limit=5', '/api/v1/clustering/users/low?limit=5']) {
        const r = await get(path, { ...auth(), 'accept-encoding': 'gzip' });
        assert.equal(r.status, 200, path);
        assert.equal(r.headers.get('cache-control'), 'no-store', path);
      }
      const chart = await get('/api/v2/clustering/data/distribution');
      assert.equal(chart.headers.get('cache-control'), 'no-cache');
    });

    test('answers to a cross-origin request vary by Origin, also where the body is cached', async () => {
      for (const path of ['/api/v2/clustering/data/distribution', '/api/v2/clustering/data/kpi-trends?hours=24', '/api/v2/clustering/data/high-risk-users?limit=5', '/api/v2/clustering/status']) {
        const r = await get(path, { ...auth(), origin: ORIGIN });
        assert.equal(r.status, 200, path);
        assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN, path);
        const vary = (r.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);
        assert.ok(vary.includes('origin'), `${path}: vary is "${r.headers.get('vary')}"`);
      }
      const preflight = await call(env().serve.base, '/api/v2/clustering/data/high-risk-users', {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get('vary') ?? '', /origin/i);
    });

    test('/redoc renders the API reference from local files only', async () => {
      const page = await get('/redoc');
      assert.equal(page.status, 200);
      assert.match(page.text, /<script src="\/vendor\/redoc\.standalone\.js">/);
      assert.doesNotMatch(page.text, /https?:\/\//, 'no external URL in the page');
      const script = await get('/vendor/redoc.standalone.js');
      assert.equal(script.status, 200);
      assert.ok(script.text.length > 500_000, 'the standalone bundle');

      const browser = await launchBrowser();
      try {
        const tab = await browser.newPage();
        const foreign: string[] = [];
        tab.on('requestfinished', (r) => !r.url().startsWith(env().serve.base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:') && foreign.push(r.url()));
        await tab.goto(`${env().serve.base}/redoc`);
        // Redoc draws one section per operation from /openapi.json.
        await tab.waitForFunction(() => (globalThis as any).document.querySelectorAll('[id^="tag/"], [data-section-id^="tag/"]').length > 0, undefined, { timeout: 30_000 });
        const text = await tab.textContent('body');
        assert.match(text ?? '', /execute-etl-async/);
        assert.deepEqual(foreign, [], 'nothing fetched from elsewhere (the CSP blocks Redoc\'s footer logo on its CDN)');
      } finally {
        await browser.close();
      }
    });
  });
}
