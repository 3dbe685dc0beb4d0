// AURA_PUBLIC_AGGREGATES=false, and the built CLI's `serve` shutting down gracefully on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { createTestDatabases } from '../../support/databases.js';
import { dbEnv } from '../../support/run-cli.js';
import { auth, startServe, TOKEN, type ServeEnv } from '../serve-fixture.js';
import { call } from './read-routes.js';
import { bearer, openSocket } from './websockets.js';

export function describeLifecycle(env: () => ServeEnv): void {
  describe('configuration and lifecycle', () => {
    test('AURA_PUBLIC_AGGREGATES=false: aggregates need the token too; docs and dashboard stay public', async () => {
      const other = await startServe(env().dbs, { AURA_PUBLIC_AGGREGATES: 'false' }, {}, env().otherLogs);
      try {
        for (const path of ['/api/v2/clustering/data/distribution', '/api/v2/clustering/status', '/api/v1/clustering/visualize/radar', '/api/v1/data-miner/status', '/metrics']) {
          assert.equal((await call(other.base, path)).status, 401, path);
          assert.equal((await call(other.base, path, { headers: auth() })).status, 200, path);
        }
        for (const path of ['/', '/openapi.json', '/docs', '/healthz', '/vendor/chart.umd.min.js', '/dashboard/dashboard.js']) assert.equal((await call(other.base, path)).status, 200, path);
      } finally {
        await other.close();
      }
    });

    test('an analytics database not migrated yet: serve starts, data routes answer 503 naming `aura-miner migrate`', async () => {
      const empty = await createTestDatabases();
      const bare = await startServe(empty, {}, {}, env().otherLogs);
      try {
        assert.equal((await call(bare.base, '/healthz')).status, 200);
        for (const path of ['/api/v2/clustering/status', '/api/v2/clustering/data/radar', '/api/v1/data-miner/feature-vector/count']) {
          const r = await call(bare.base, path);
          assert.equal(r.status, 503, path);
          assert.match(r.json.message, /aura-miner migrate/);
        }
        assert.equal((await call(bare.base, '/api/v1/data-miner/execute-etl', { method: 'POST', headers: auth() })).status, 503);
      } finally {
        await bare.close();
        await empty.drop();
      }
    });

    test('SIGTERM: the request in flight finishes, WebSockets close with 1001, exit 0', async () => {
      const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...dbEnv(env().dbs), AURA_API_TOKENS: TOKEN, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (d) => {
          stderr += d;
          const m = /"url":"([^"]+)"[^\n]*serve listening/.exec(stderr);
          if (m) resolve(m[1]);
        });
        child.on('close', () => reject(new Error(`serve exited early: ${stderr}`)));
      });
      try {
        const live = openSocket(url, 'live', bearer());
        await live.next((m) => m.type === 'AUTH_OK');
        const inFlight = call(url, '/api/v1/data-miner/execute-etl', { method: 'POST', headers: auth() });
        for (let i = 0; i < 100; i++) {
          const s = await call(url, '/api/v1/data-miner/status');
          if (s.json.pipeline_running) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        child.kill('SIGTERM');
        const r = await inFlight;
        assert.equal(r.status, 200, 'the running request completed');
        assert.equal(r.json.records_processed, env().users);
        assert.equal((await live.closed).code, 1001);
        assert.equal(await exited, 0, stderr);
        assert.match(stderr, /"signal":"SIGTERM"/);
        assert.match(stderr, /serve stopped/);
      } finally {
        child.kill('SIGKILL');
        env().otherLogs.push(stderr);
      }
    });
  });
}
