// migrate: ordered, idempotent, atomic, locked, and refuses edited migrations.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/log.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { useTestDatabases } from '../support/databases.js';
import { withClient } from '../support/crafted-sources.js';
import { tempDir } from '../support/temp-dir.js';

const logger = createLogger({ level: 'silent' });

describe('migrate', () => {
  const dbs = useTestDatabases();

  test('two concurrent migrations: one applies, the other finds it done', async () => {
    const [a, b] = await Promise.all([migrate(dbs.analytics, logger), migrate(dbs.analytics, logger)]);
    const total = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length;
    assert.deepEqual([a.applied.length, b.applied.length].sort(), [0, total]);
    assert.equal((await migrate(dbs.analytics, logger)).applied.length, 0);
  });

  test('an edited applied migration is refused; a failing new one leaves no trace', async () => {
    const dir = tempDir('aura-mig-');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, '999.do.broken.sql'), 'CREATE TABLE half_done (x int);\nSELECT * FROM no_such_table;\n');
    await assert.rejects(migrate(dbs.analytics, logger, dir), /migration failed/);
    const exists = await withClient(dbs.analytics, (c) => c.query(`SELECT to_regclass('half_done') AS t`));
    assert.equal(exists.rows[0].t, null, 'the failing migration was rolled back whole');
    appendFileSync(join(dir, '001.do.analytics-schema.sql'), '\n-- edited\n');
    await assert.rejects(migrate(dbs.analytics, logger, dir), /checksum/i);
  });
});

describe('migration 008 (scores partitioned by model) on a database with scores', () => {
  const dbs = useTestDatabases();

  test('every stored score of every model is kept, each model in its own partition', async () => {
    const dir = tempDir('aura-mig-7-');
    for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => parseInt(f, 10) <= 7)) cpSync(join(MIGRATIONS_DIR, f), join(dir, f));
    await migrate(dbs.analytics, logger, dir);
    const rows = `SELECT model_id, source_id, text_id, user_id::text, score, text_updated_at FROM text_sentiment_scores ORDER BY 1, 2, 3`;
    const before = await withClient(dbs.analytics, async (c) => {
      await c.query(`INSERT INTO nlp_models (name) VALUES ('lexicon-a'), ('model-b')`);
      await c.query(`INSERT INTO text_sentiment_scores (model_id, source_id, text_id, user_id, score, text_updated_at)
        SELECT m.model_id, 1 + i % 3, i, '54acea80-8ea2-4b54-846f-73fe2ef53f50', (i % 100) / 100.0, '2026-01-01'::timestamptz + i * interval '1 second'
        FROM nlp_models m, generate_series(1, 500) i`);
      return (await c.query(rows)).rows;
    });
    assert.equal(before.length, 1000);
    await migrate(dbs.analytics, logger);
    await withClient(dbs.analytics, async (c) => {
      assert.deepEqual((await c.query(rows)).rows, before);
      const parts = await c.query(`SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
                                   WHERE h.inhparent = 'text_sentiment_scores'::regclass ORDER BY 1`);
      const ids = (await c.query(`SELECT model_id FROM nlp_models ORDER BY 1`)).rows.map((r) => `text_sentiment_scores_m${r.model_id}`);
      assert.deepEqual(parts.rows.map((r) => r.relname), ids);
      await assert.rejects(c.query(`INSERT INTO text_sentiment_scores SELECT * FROM text_sentiment_scores LIMIT 1`), /duplicate key/);
    });
  });
});
