// KPI 3's kept message counts against real sources: after every kind of change, a re-run that counts only the
// changes gives exactly the vectors of a from-scratch run on the same sources.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { runEtl, type EtlOptions } from '../../src/etl/pipeline.js';
import { createLogger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { withClient } from '../support/crafted-sources.js';
import { dbEnv } from '../support/run-cli.js';

const logger = createLogger({ level: 'silent' });
const REFERENCE = new Date('2026-06-01T12:00:00Z');
let kept: TestDatabases; // sources + the analytics database that keeps counts between runs
let fresh: TestDatabases; // only its analytics database is used: a from-scratch run each time

const etl = (analytics: string, opts: EtlOptions = {}, env: Record<string, string> = {}) => {
  const config = resolveConfig({ env: { ...dbEnv({ ...kept, analytics }), ...env }, cwd: '/' });
  return runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime: REFERENCE, ...opts });
};

async function vectors(url: string): Promise<Record<string, unknown>[]> {
  return withClient(url, async (c) =>
    (await c.query('SELECT user_id_raiz, messages_count, ratio_night_messages, days_since_last_seen_norm, sentiment_negativity_index FROM user_feature_vector ORDER BY 1')).rows,
  );
}

/** A from-scratch run (empty analytics database) on the same sources. */
async function fromScratch(env: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
  await withClient(fresh.analytics, (c) => c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public'));
  await migrate(fresh.analytics, logger);
  const r = await etl(fresh.analytics, {}, env);
  assert.equal(r.messageCounts.mode, 'full');
  return vectors(fresh.analytics);
}

const messaging = (sql: string) => withClient(kept.messaging, (c) => c.query(sql));

describe('message counts kept between runs', () => {
  before(async () => {
    kept = await createTestDatabases();
    fresh = await createTestDatabases();
    await seedDatabases(kept, { users: 400, seed: 11, referenceTime: REFERENCE });
    await migrate(kept.analytics, logger);
    const first = await etl(kept.analytics);
    assert.equal(first.messageCounts.mode, 'full');
    assert.match(first.messageCounts.reason!, /no stored/);
  });
  after(async () => {
    await kept.drop();
    await fresh.drop();
    await stopTestServer();
  });

  test('new messages (day, night, already deleted, from a new sender) are added to the stored counts', async () => {
    await messaging(`INSERT INTO users (profile_id, last_seen_at)
                     SELECT p, now() FROM generate_series(1, 400) p WHERE NOT EXISTS (SELECT 1 FROM users WHERE profile_id = p) LIMIT 1`);
    await messaging(`INSERT INTO messages (conversation_id, sender_profile_id, content, is_deleted, created_at)
                     SELECT (SELECT min(id) FROM conversations), u.id, 'hola', g % 5 = 0, '2026-05-30T07:30:00Z'::timestamptz + g * interval '1 hour'
                     FROM (SELECT id FROM users ORDER BY id DESC LIMIT 30) u, generate_series(1, 5) g`);
    const r = await etl(kept.analytics);
    assert.equal(r.messageCounts.mode, 'incremental');
    assert.equal(r.messageCounts.recounted, 0);
    assert.equal(r.messageCounts.changedSenders, 30);
    assert.deepEqual(await vectors(kept.analytics), await fromScratch());
  });

  test('older messages deleted or edited: their senders are recounted', async () => {
    await messaging(`UPDATE messages SET is_deleted = true, updated_at = now() WHERE id IN (SELECT id FROM messages WHERE NOT is_deleted ORDER BY id LIMIT 3)`);
    await messaging(`UPDATE messages SET content = 'editado', updated_at = now() WHERE id = (SELECT max(id) FROM messages WHERE id < 50)`);
    const r = await etl(kept.analytics, { recountLimitShare: 1 });
    assert.equal(r.messageCounts.mode, 'incremental');
    assert.ok(r.messageCounts.recounted >= 1 && r.messageCounts.recounted <= 4, `recounted ${r.messageCounts.recounted}`);
    assert.deepEqual(await vectors(kept.analytics), await fromScratch());
  });

  test('too many senders to recount: one full count instead', async () => {
    await messaging(`UPDATE messages SET is_deleted = true, updated_at = now()
                     WHERE id IN (SELECT min(id) FROM messages WHERE NOT is_deleted GROUP BY sender_profile_id ORDER BY 1 LIMIT 100)`);
    const r = await etl(kept.analytics);
    assert.equal(r.messageCounts.mode, 'full');
    assert.match(r.messageCounts.reason!, /senders changed older messages/);
    assert.deepEqual(await vectors(kept.analytics), await fromScratch());
  });

  test('another timezone counts everything again', async () => {
    const env = { AURA_TIMEZONE: 'Europe/Madrid' };
    const before = await vectors(kept.analytics);
    const r = await etl(kept.analytics, {}, env);
    assert.equal(r.messageCounts.mode, 'full');
    assert.match(r.messageCounts.reason!, /timezone changed/);
    const after = await vectors(kept.analytics);
    assert.notDeepEqual(after.map((v) => v.ratio_night_messages), before.map((v) => v.ratio_night_messages), 'night hours moved with the zone');
    assert.deepEqual(after, await fromScratch(env));
  });

  test('nothing changed: every count is kept', async () => {
    const env = { AURA_TIMEZONE: 'Europe/Madrid' };
    const r = await etl(kept.analytics, {}, env);
    assert.equal(r.messageCounts.mode, 'incremental');
    assert.equal(r.messageCounts.changedSenders, 0);
    assert.deepEqual(await vectors(kept.analytics), await fromScratch(env));
  });
});
