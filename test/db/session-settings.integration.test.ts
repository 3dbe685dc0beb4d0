// Every aura-miner session sets what the tool needs itself (SESSION_SETTINGS), whatever the server or database
// default: sources (read-only, UTC) and analytics alike.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { createAnalyticsPool, createSourcePools, endPools, SESSION_SETTINGS } from '../../src/db/connections.js';
import { createTestDatabases, stopTestServer } from '../support/databases.js';

after(stopTestServer);

test('source and analytics sessions run with the tool’s settings, over a database default that differs', async () => {
  assert.equal(SESSION_SETTINGS.jit, 'off');
  const dbs = await createTestDatabases();
  const admin = new pg.Client({ connectionString: dbs.analytics });
  await admin.connect();
  for (const db of [dbs.auth, dbs.social, dbs.messaging, dbs.analytics]) await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(new URL(db).pathname.slice(1))} SET jit = on`);
  await admin.end();
  const sources = createSourcePools(dbs);
  const analytics = createAnalyticsPool(dbs.analytics);
  try {
    const show = async (pool: pg.Pool) => (await pool.query<{ jit: string; ro: string; tz: string }>(`SELECT current_setting('jit') AS jit, current_setting('default_transaction_read_only') AS ro, current_setting('TimeZone') AS tz`)).rows[0];
    for (const pool of Object.values(sources)) assert.deepEqual(await show(pool), { jit: 'off', ro: 'on', tz: 'UTC' });
    assert.deepEqual(await show(analytics), { jit: 'off', ro: 'off', tz: 'UTC' });
    // The database default is what a plain session gets: the setting above is the tool's own.
    const plain = new pg.Client({ connectionString: dbs.analytics });
    await plain.connect();
    assert.equal((await plain.query(`SELECT current_setting('jit') AS jit`)).rows[0].jit, 'on');
    await plain.end();
  } finally {
    await endPools(sources, analytics);
    await dbs.drop();
  }
});
