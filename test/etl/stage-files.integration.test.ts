// extract --out, then transform, then load gives the same vectors as one etl; night hours per time zone.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveConfig, type DatabaseUrls } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { createSourcePools, endPools } from '../../src/db/connections.js';
import { DATASETS, MESSAGING_SENDERS, SOCIAL_PROFILE_USERS } from '../../src/etl/datasets.js';
import { collectColumns, collectDataset, streamDataset, userDatasetSettings } from '../../src/etl/extract.js';
import { extractToDir } from '../../src/etl/extract-files.js';
import { loadDir } from '../../src/etl/load-files.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { transformDir } from '../../src/etl/transform-files.js';
import { ConfigError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { insertCraftedUsers, REFERENCE_TIME, withClient } from '../support/crafted-sources.js';
import { tempDir } from '../support/temp-dir.js';

const logger = createLogger({ level: 'silent' });
let a: TestDatabases;
let b: TestDatabases;

const configFor = (urls: DatabaseUrls, extra: Record<string, string> = {}) =>
  resolveConfig({ env: { DATABASE_URL_ANALYTICS: urls.analytics, DATABASE_URL_AUTH: urls.auth, DATABASE_URL_SOCIAL: urls.social, DATABASE_URL_MESSAGING: urls.messaging, ...extra }, cwd: '/' });

async function vectorRows(url: string): Promise<unknown[]> {
  return withClient(url, async (c) => (await c.query('SELECT * FROM user_feature_vector ORDER BY user_id_raiz')).rows.map(({ run_id: _r, ...rest }) => rest));
}

describe('stage files', () => {
  before(async () => {
    a = await createTestDatabases();
    b = await createTestDatabases();
    await insertCraftedUsers(a);
    await migrate(a.analytics, logger);
    await migrate(b.analytics, logger);
  });
  after(async () => {
    await a.drop();
    await b.drop();
    await stopTestServer();
  });

  test('every per-user dataset reads the same through binary COPY (etl) as through CSV (stage files)', async () => {
    const pools = createSourcePools(a);
    try {
      for (const def of [...DATASETS.filter((d) => d.kind === 'users'), MESSAGING_SENDERS, SOCIAL_PROFILE_USERS]) {
        const settings = userDatasetSettings({ timezone: 'America/Lima' });
        const csv = await collectColumns(streamDataset(pools, def, settings), def);
        const binary = await collectDataset(pools, def, settings);
        assert.ok(csv[def.columns[0].name].length > 0, `${def.name} has rows`);
        const rows = (c: typeof csv) => c[def.columns[0].name].map((_, i) => JSON.stringify(def.columns.map((col) => c[col.name][i]))).sort();
        assert.deepEqual(rows(binary), rows(csv), def.name);
      }
    } finally {
      await endPools(pools);
    }
  });

  test('extract -> transform -> load equals etl', async () => {
    const etlConfig = configFor(a);
    await runEtl({ config: etlConfig, urls: etlConfig.databases!, logger, progress: silentProgress }, { referenceTime: REFERENCE_TIME });
    const urlsB = { ...a, analytics: b.analytics };
    const configB = configFor(urlsB);
    const dir = tempDir('aura-stage-');
    const ex = await extractToDir(configB, urlsB, { out: join(dir, 'x'), datasets: [...DATASETS], referenceTime: REFERENCE_TIME, progress: silentProgress });
    assert.equal(ex.datasets.find((d) => d.name === 'population')!.rows, 5);
    assert.match(readFileSync(join(dir, 'x', 'population.csv'), 'utf8'), /^"?user_id"?\n/);
    assert.ok(!readFileSync(join(dir, 'x', 'population.csv'), 'utf8').includes('@'), 'no email is extracted');
    const tr = await transformDir(configB, { in: join(dir, 'x'), out: join(dir, 't'), progress: silentProgress });
    assert.equal(tr.users, 3);
    const ld = await loadDir(urlsB, logger, { in: join(dir, 't') });
    assert.equal(ld.users, 3);
    assert.deepEqual(await vectorRows(b.analytics), await vectorRows(a.analytics));
    // The same folder cannot be loaded twice: its watermarks are now stale.
    await assert.rejects(loadDir(urlsB, logger, { in: join(dir, 't') }), (e: unknown) => e instanceof ConfigError && /stale/.test((e as Error).message));
  });

  test('an edited stage file is refused by its sha256', async () => {
    const urlsB = { ...a, analytics: b.analytics };
    const config = configFor(urlsB);
    const dir = tempDir('aura-stage-');
    await extractToDir(config, urlsB, { out: dir, datasets: [...DATASETS], progress: silentProgress });
    writeFileSync(join(dir, 'population.csv'), 'user_id\n"11111111-1111-4111-8111-111111111111"\n');
    await assert.rejects(transformDir(config, { in: dir, out: join(dir, 't'), progress: silentProgress }), /sha256/);
  });

  test('night hours 01:00-05:59 local, in a zone without DST and in one with DST', async () => {
    await withClient(a.messaging, async (c) => {
      await c.query(`INSERT INTO users (id, profile_id, last_seen_at) VALUES (500, 500, now()), (501, 501, now())`);
      // Lima (UTC-5 all year): 00:59, 01:00, 05:59, 06:00 local.
      await c.query(`INSERT INTO messages (conversation_id, sender_profile_id, content, created_at) VALUES
        (1, 500, 'a', '2026-01-15 00:59:00-05'), (1, 500, 'b', '2026-01-15 01:00:00-05'),
        (1, 500, 'c', '2026-01-15 05:59:59-05'), (1, 500, 'd', '2026-01-15 06:00:00-05')`);
      // Madrid: the same four local times in winter (UTC+1) and in summer (UTC+2).
      await c.query(`INSERT INTO messages (conversation_id, sender_profile_id, content, created_at) VALUES
        (1, 501, 'a', '2026-01-15 00:59:00+01'), (1, 501, 'b', '2026-01-15 01:00:00+01'),
        (1, 501, 'c', '2026-01-15 05:59:59+01'), (1, 501, 'd', '2026-01-15 06:00:00+01'),
        (1, 501, 'e', '2026-07-15 00:59:00+02'), (1, 501, 'f', '2026-07-15 01:00:00+02'),
        (1, 501, 'g', '2026-07-15 05:59:59+02'), (1, 501, 'h', '2026-07-15 06:00:00+02')`);
    });
    const night = async (timezone: string) => {
      const pools = createSourcePools(a);
      try {
        const def = DATASETS.find((d) => d.name === 'messaging_users')!;
        const cols = await collectColumns(streamDataset(pools, def, userDatasetSettings({ timezone })), def);
        const at = (id: number) => cols.night_messages_count[cols.messaging_user_id.indexOf(id)];
        return { lima: at(500), madrid: at(501) };
      } finally {
        await endPools(pools);
      }
    };
    assert.equal((await night('America/Lima')).lima, 2, '01:00 and 05:59 count; 00:59 and 06:00 do not');
    assert.equal((await night('Europe/Madrid')).madrid, 4, 'the same boundaries hold in winter and in summer time');
    assert.equal((await night('America/Lima')).madrid, 0, 'Madrid night is Lima evening');
  });
});
