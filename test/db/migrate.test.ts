// migrate: ordered, idempotent, atomic, locked, and refuses edited migrations.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/log.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { withClient } from '../support/crafted-sources.js';

const logger = createLogger({ level: 'silent' });

describe('migrate', () => {
  let dbs: TestDatabases;
  before(async () => {
    dbs = await createTestDatabases();
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });

  test('two concurrent migrations: one applies, the other finds it done', async () => {
    const [a, b] = await Promise.all([migrate(dbs.analytics, logger), migrate(dbs.analytics, logger)]);
    const total = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length;
    assert.deepEqual([a.applied.length, b.applied.length].sort(), [0, total]);
    assert.equal((await migrate(dbs.analytics, logger)).applied.length, 0);
  });

  test('an edited applied migration is refused; a failing new one leaves no trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aura-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, '999.do.broken.sql'), 'CREATE TABLE half_done (x int);\nSELECT * FROM no_such_table;\n');
    await assert.rejects(migrate(dbs.analytics, logger, dir), /migration failed/);
    const exists = await withClient(dbs.analytics, (c) => c.query(`SELECT to_regclass('half_done') AS t`));
    assert.equal(exists.rows[0].t, null, 'the failing migration was rolled back whole');
    appendFileSync(join(dir, '001.do.analytics-schema.sql'), '\n-- edited\n');
    await assert.rejects(migrate(dbs.analytics, logger, dir), /checksum/i);
  });
});
