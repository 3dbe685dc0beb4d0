// The version matrix is real: the test server runs the major AURA_TEST_PG_VERSION asks for, one major per process.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { parsePostgresMajor, POSTGRES_MAJORS, selectEmbeddedMajor } from '../../src/db/embedded-version.js';
import { createTestDatabases, stopTestServer, testPostgresMajor } from '../support/databases.js';
import { tempDir } from '../support/temp-dir.js';

describe('PostgreSQL version of the test server', () => {
  after(stopTestServer);

  test('the server is the requested major (or TEST_DATABASE_URL one of the supported ones)', async () => {
    const dbs = await createTestDatabases();
    const c = new pg.Client({ connectionString: dbs.analytics });
    await c.connect();
    try {
      const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      const major = String(Math.floor(Number(rows[0].v) / 10000));
      if (process.env.TEST_DATABASE_URL) assert.ok((POSTGRES_MAJORS as readonly string[]).includes(major), `server ${rows[0].v}`);
      else assert.equal(major, testPostgresMajor());
    } finally {
      await c.end();
      await dbs.drop();
    }
  });

  test('one major per process: another cannot be selected once one is loaded', async () => {
    await createTestDatabases().then((d) => d.drop());
    if (process.env.TEST_DATABASE_URL) return; // no embedded server was loaded
    const other = POSTGRES_MAJORS.find((m) => m !== testPostgresMajor())!;
    assert.throws(() => selectEmbeddedMajor(other), /already loaded/);
    assert.doesNotThrow(() => selectEmbeddedMajor(testPostgresMajor()));
  });

  test('a data folder of another major is refused with a clear error, not started', async () => {
    const dir = tempDir('aura-miner-pg-version-');
    mkdirSync(join(dir, 'data'), { recursive: true });
    const other = POSTGRES_MAJORS.find((m) => m !== testPostgresMajor())!;
    writeFileSync(join(dir, 'data', 'PG_VERSION'), `${other}\n`);
    await assert.rejects(startEmbeddedPostgres({ dir, databases: [], version: testPostgresMajor() }), new RegExp(`holds a PostgreSQL ${other} cluster`));
  });

  test('AURA_TEST_PG_VERSION values outside 15-18 are an error naming the variable', () => {
    assert.equal(parsePostgresMajor('15', 'X'), '15');
    assert.throws(() => parsePostgresMajor('14', 'AURA_TEST_PG_VERSION'), /AURA_TEST_PG_VERSION=14: expected one of 15, 16, 17, 18/);
  });
});
