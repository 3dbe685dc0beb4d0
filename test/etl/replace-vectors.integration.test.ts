// A re-run replaces the vectors in place: users who left the population go, new ones come, columns the run
// does not write are reset, and the table equals a from-scratch run on the same sources.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { createLogger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { insertCraftedUsers, REFERENCE_TIME, U1, U2, U4_INACTIVE, U7, withClient } from '../support/crafted-sources.js';
import { dbEnv } from '../support/run-cli.js';

const logger = createLogger({ level: 'silent' });
let kept: TestDatabases;
let fresh: TestDatabases;

const etl = (analytics: string) => {
  const config = resolveConfig({ env: dbEnv({ ...kept, analytics }), cwd: '/' });
  return runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime: REFERENCE_TIME });
};
const vectors = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT * FROM user_feature_vector ORDER BY user_id_raiz')).rows.map(({ run_id: _r, ...v }) => v));

describe('vectors replaced in place', () => {
  before(async () => {
    kept = await createTestDatabases();
    fresh = await createTestDatabases();
    await insertCraftedUsers(kept);
    await migrate(kept.analytics, logger);
    await migrate(fresh.analytics, logger);
  });
  after(async () => {
    await kept.drop();
    await fresh.drop();
    await stopTestServer();
  });

  test('population changes, stale labels and one-hot columns: the result equals a from-scratch run', async () => {
    await etl(kept.analytics);
    await withClient(kept.analytics, async (c) => {
      await c.query(`UPDATE user_feature_vector SET cluster_label = 'high'`);
      await c.query(`ALTER TABLE user_feature_vector ADD COLUMN int_retired_one_hot boolean`);
      await c.query(`UPDATE user_feature_vector SET int_retired_one_hot = true`);
    });
    await withClient(fresh.analytics, (c) => c.query(`ALTER TABLE user_feature_vector ADD COLUMN int_retired_one_hot boolean`));
    await withClient(kept.auth, async (c) => {
      await c.query(`UPDATE users SET is_active = false WHERE user_id = $1`, [U2]);
      await c.query(`UPDATE users SET is_active = true WHERE user_id = $1`, [U4_INACTIVE]);
    });
    const r = await etl(kept.analytics);
    assert.equal(r.users, 3);
    const v = await vectors(kept.analytics);
    assert.deepEqual(v.map((x) => x.user_id_raiz), [U1, U4_INACTIVE, U7].sort());
    assert.ok(v.every((x) => x.cluster_label === null && x.int_retired_one_hot === null), 'columns the run does not write are reset');
    await etl(fresh.analytics);
    assert.deepEqual(v, await vectors(fresh.analytics));
  });

  test('tags that name the same one-hot column give that column once', async () => {
    const config = resolveConfig({ env: { ...dbEnv(kept), AURA_INTEREST_TAGS: 'Gaming, gaming,GAMING' }, cwd: '/' });
    const r = await runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime: REFERENCE_TIME });
    assert.equal(r.users, (await vectors(kept.analytics)).length);
    const flags = await withClient(kept.analytics, async (c) => (await c.query('SELECT count(int_gaming_one_hot)::int AS n FROM user_feature_vector')).rows[0].n);
    assert.equal(flags, r.users, 'every vector has its gaming flag');
  });
});
