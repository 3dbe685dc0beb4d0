// `serve` end to end on one real PostgreSQL: HTTP, WebSockets, browser, execute, shutdown, then the session's logs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withClient } from '../support/crafted-sources.js';
import { stopTestServer } from '../support/databases.js';
import { describeClientCompat } from './cases/client-compat.js';
import { describeDashboard } from './cases/dashboard-browser.js';
import { describeExecuteRoutes } from './cases/execute-routes.js';
import { describeLifecycle } from './cases/lifecycle.js';
import { describeReadRoutes } from './cases/read-routes.js';
import { describeWebSockets } from './cases/websockets.js';
import { createPopulatedDatabases, OTHER_TOKEN, startServe, TOKEN, WRONG_TOKEN, type ServeEnv } from './serve-fixture.js';

let env: ServeEnv | undefined;
const getEnv = () => env!;

describe('serve', () => {
  before(async () => {
    const dbs = await createPopulatedDatabases();
    // Short heartbeat and authentication timeout so the dead-client and late-auth cases take well under a second.
    const serve = await startServe(dbs, {}, { heartbeatMs: 200, wsAuthTimeoutMs: 500 });
    const users = await withClient(dbs.analytics, async (c) => (await c.query('SELECT count(*)::int AS n FROM user_feature_vector')).rows[0].n as number);
    env = { dbs, serve, users, otherLogs: [] };
  });
  after(async () => {
    await env?.serve.close();
    await env?.dbs.drop();
    await stopTestServer();
  });

  describeReadRoutes(getEnv);
  describeWebSockets(getEnv);
  // The version matrices (npm run test:pg-versions, test:node-versions) run the database suites without a browser.
  if (process.env.AURA_TEST_BROWSER !== 'off') {
    describeDashboard(getEnv);
    describeClientCompat(getEnv);
  }
  describeExecuteRoutes(getEnv);
  describeLifecycle(getEnv);

  test('logs of the whole session: route patterns, never a token or a user id', async () => {
    await getEnv().serve.close();
    const text = getEnv().serve.logs.join('') + getEnv().otherLogs.join('');
    assert.match(text, /"route":"\/api\/v1\/clustering\/users\/:risk_level"/);
    assert.match(text, /"statusCode":401/);
    for (const token of [TOKEN, OTHER_TOKEN, WRONG_TOKEN]) assert.ok(!text.includes(token), 'a token reached the logs');
    const ids = await withClient(getEnv().dbs.analytics, async (c) => (await c.query('SELECT user_id_raiz::text AS id FROM user_feature_vector')).rows.map((r) => r.id as string));
    assert.ok(ids.length > 0);
    for (const id of ids) assert.ok(!text.includes(id), 'a user id reached the logs');
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, 'no uuid of any kind in the logs');
  });
});
