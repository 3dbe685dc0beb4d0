// Sharded scoring: n `score --shard i/n` processes in parallel, then `etl --skip-scoring`, equal one unsharded etl.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { createLogger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { withClient } from '../support/crafted-sources.js';
import { dbEnv, runCli } from '../support/run-cli.js';

const logger = createLogger({ level: 'silent' });
const REFERENCE = new Date('2026-06-01T12:00:00Z');
let a: TestDatabases;
let b: TestDatabases;

const negativity = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT user_id_raiz, sentiment_negativity_index, texts_scored FROM user_feature_vector ORDER BY 1')).rows);
const etl = (urls: TestDatabases, skipScoring = false) => {
  const config = resolveConfig({ env: dbEnv(urls), cwd: '/' });
  return runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime: REFERENCE, skipScoring });
};

describe('sharded scoring', () => {
  before(async () => {
    a = await createTestDatabases();
    b = await createTestDatabases();
    await seedDatabases(a, { users: 600, seed: 5, referenceTime: REFERENCE });
    await migrate(a.analytics, logger);
    await migrate(b.analytics, logger);
  });
  after(async () => {
    await a.drop();
    await b.drop();
    await stopTestServer();
  });

  test('3 shards in parallel + aggregate = one unsharded run; a re-run scores nothing', async () => {
    const whole = await etl(a);
    const urlsB = { ...a, analytics: b.analytics };
    const runs = await Promise.all([0, 1, 2].map((i) => runCli(['score', '--json'], { ...dbEnv(urlsB), JOB_COMPLETION_INDEX: String(i), AURA_SHARD_COUNT: '3' })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const scored = runs.map((r) => JSON.parse(r.stdout).texts.scored as number);
    assert.equal(scored.reduce((x, y) => x + y, 0), whole.texts.scored, 'the shards split the texts without overlap');
    assert.ok(scored.every((n) => n > 0));
    await etl(urlsB, true);
    assert.deepEqual(await negativity(b.analytics), await negativity(a.analytics));

    const again = await runCli(['score', '--shard', '1/3', '--json'], dbEnv(urlsB));
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).texts.scored, 0);
  });

  test('new texts: shards score exactly them, and the aggregate matches the incremental unsharded run', async () => {
    await withClient(a.messaging, (c) =>
      c.query(`INSERT INTO messages (conversation_id, sender_profile_id, content)
               SELECT conversation_id, sender_profile_id, 'estoy muy triste y cansada, nadie me entiende' FROM messages ORDER BY id LIMIT 25`),
    );
    const whole = await etl(a);
    assert.equal(whole.texts.scored, 25);
    const urlsB = { ...a, analytics: b.analytics };
    const runs = await Promise.all([0, 1, 2].map((i) => runCli(['score', '--shard', `${i}/3`, '--json'], dbEnv(urlsB))));
    assert.equal(runs.map((r) => JSON.parse(r.stdout).texts.scored as number).reduce((x, y) => x + y, 0), 25);
    await etl(urlsB, true);
    assert.deepEqual(await negativity(b.analytics), await negativity(a.analytics));
  });

  test('a bad shard is a usage error', async () => {
    const r = await runCli(['score', '--shard', '3/3'], dbEnv(a));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /shard must be i\/n/);
  });
});
