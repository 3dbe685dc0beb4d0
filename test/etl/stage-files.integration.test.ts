// extract --out, then transform, then load gives the same vectors as one etl; night hours per time zone.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveConfig, type DatabaseUrls } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { createSourcePools, endPools } from '../../src/db/connections.js';
import { DATASETS, MESSAGING_SENDERS, SOCIAL_PROFILE_USERS } from '../../src/model/datasets.js';
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

  test('load --in checks every value, the manifest and the row counts before writing anything', async () => {
    const urlsB = { ...a, analytics: b.analytics };
    const config = configFor(urlsB);
    const dir = tempDir('aura-load-check-');
    await extractToDir(config, urlsB, { out: join(dir, 'x'), datasets: [...DATASETS], referenceTime: REFERENCE_TIME, progress: silentProgress });
    await transformDir(config, { in: join(dir, 'x'), out: join(dir, 't'), progress: silentProgress });
    const tables = () => withClient(b.analytics, async (c) => (await c.query('SELECT (SELECT count(*) FROM etl_runs)::int AS runs, (SELECT count(*) FROM user_feature_history)::int AS history, (SELECT string_agg(user_id_raiz::text || reciprocity_ratio_norm::text, \',\' ORDER BY 1) FROM user_feature_vector) AS vectors')).rows[0]);
    const before = await tables();
    let n = 0;
    /** A copy of the transform folder with one file rewritten and its sha256 recomputed, as a careful forger would. */
    const tampered = (edit: (files: { vectors: string; scores: string; manifest: any }) => void) => {
      const out = join(dir, `copy-${n++}`);
      cpSync(join(dir, 't'), out, { recursive: true });
      const files = { vectors: readFileSync(join(out, 'vectors.csv'), 'utf8'), scores: readFileSync(join(out, 'scores.csv'), 'utf8'), manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) };
      edit(files);
      for (const k of ['vectors', 'scores'] as const) {
        writeFileSync(join(out, `${k}.csv`), files[k]);
        files.manifest.files[k].sha256 ??= '';
        if (files.manifest.files[k].sha256 !== 'keep') files.manifest.files[k].sha256 = createHash('sha256').update(files[k]).digest('hex');
      }
      writeFileSync(join(out, 'manifest.json'), JSON.stringify(files.manifest));
      return out;
    };
    const setCell = (csv: string, row: number, column: string, value: string) => {
      const lines = csv.split('\n');
      const col = lines[0]!.split(',').indexOf(`"${column}"`);
      assert.ok(col >= 0, column);
      const cells = lines[row]!.split(',');
      cells[col] = value;
      lines[row] = cells.join(',');
      return lines.join('\n');
    };
    const cases: [string, (f: { vectors: string; scores: string; manifest: any }) => void, RegExp][] = [
      ['NaN KPI', (f) => (f.vectors = setCell(f.vectors, 1, 'reciprocity_ratio_norm', 'NaN')), /vectors\.csv line 2: reciprocity_ratio_norm must be a number from 0 to 1/],
      ['KPI above 1', (f) => (f.vectors = setCell(f.vectors, 2, 'ratio_night_messages', '1.5')), /line 3: ratio_night_messages/],
      ['infinite count', (f) => (f.vectors = setCell(f.vectors, 1, 'messages_count', 'Infinity')), /messages_count must be a whole number >= 0/],
      ['fractional count', (f) => (f.vectors = setCell(f.vectors, 1, 'followers_count', '2.5')), /followers_count/],
      ['NULL where the table refuses it', (f) => (f.vectors = setCell(f.vectors, 1, 'days_since_last_seen_raw', '')), /days_since_last_seen_raw/],
      ['not a uuid', (f) => (f.vectors = setCell(f.vectors, 1, 'user_id_raiz', '"1; DROP TABLE x"')), /user_id_raiz must be a uuid/],
      ['bad boolean', (f) => (f.vectors = setCell(f.vectors, 1, 'is_profile_incomplete', 'maybe')), /is_profile_incomplete/],
      ['score out of range', (f) => (f.scores += '1,123,,2,,f\n'), /scores\.csv line \d+: score must be a number from 0 to 1/],
      ['unknown text source', (f) => (f.scores += '9,123,,,,f\n'), /source_id must be one of 1, 2, 3/],
      ['a row removed, counts kept', (f) => (f.vectors = f.vectors.split('\n').filter((_, i) => i !== 1).join('\n')), /says 3 rows in vectors\.csv, the file has 2/],
      ['manifest users disagree', (f) => (f.manifest.users = 4), /says 4 users, vectors\.csv has 3 rows/],
      ['manifest rows disagree', (f) => (f.manifest.files.scores.rows += 1), /rows in scores\.csv/],
      ['columns swapped', (f) => (f.vectors = f.vectors.replace('"followers_count","following_count"', '"following_count","followers_count"')), /line 1: the header must be/],
      ['reference time of 1 BC', (f) => (f.manifest.referenceTime = '0000-01-01T00:00:00.000Z'), /referenceTime must be an ISO 8601 date-time from 2000/],
      ['non-finite normalisation parameter', (f) => (f.manifest.params[0].max = null), /params must be normalisation parameters/],
      ['sha256 left as it was', (f) => { f.vectors = setCell(f.vectors, 1, 'reciprocity_ratio_norm', '0.5'); f.manifest.files.vectors.sha256 = 'keep'; }, /sha256/],
    ];
    for (const [name, edit, re] of cases) {
      await assert.rejects(loadDir(urlsB, logger, { in: tampered(edit) }), (e: unknown) => e instanceof ConfigError && re.test((e as Error).message), name);
    }
    const missing = tampered(() => {});
    rmSync(join(missing, 'vectors.csv'));
    await assert.rejects(loadDir(urlsB, logger, { in: missing }), (e: unknown) => e instanceof ConfigError && /has no vectors\.csv/.test((e as Error).message));
    const broken = tampered(() => {});
    writeFileSync(join(broken, 'manifest.json'), '{\n  "kind": "aura-miner-transform",\n  "users": NaN\n}');
    await assert.rejects(loadDir(urlsB, logger, { in: broken }), (e: unknown) => e instanceof ConfigError && /manifest\.json is not valid JSON \(line 3\)$/.test((e as Error).message));
    assert.deepEqual(await tables(), before, 'nothing was written');
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
