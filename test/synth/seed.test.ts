// Synthetic sources against a real PostgreSQL: reproducible, realistic shapes, and planted risk that shows in the KPIs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ESTIMATED_ROWS_PER_USER,
  resetSources,
  seedSources,
  sourcesAreEmpty,
  SourcesNotEmptyError,
  type SeedResult,
} from '../../src/synth/index.js';
import { stopTestServer } from '../support/databases.js';
import { TABLES, fingerprintTables, openSources, computeRawKpis, queryScalar, type RawKpis, type Sources } from './source-probes.js';

const REFERENCE = new Date('2025-06-01T15:00:00Z');
const TIMEZONE = 'America/Lima';
const tmp = mkdtempSync(join(tmpdir(), 'aura-synth-test-'));
const opened: Sources[] = [];

async function openSeeded(users: number, seed: number, truthFile?: string): Promise<[Sources, SeedResult]> {
  const s = await openSources();
  opened.push(s);
  const result = await seedSources(s.clients, { users, seed, referenceTime: REFERENCE, truthFile, timezone: TIMEZONE });
  return [s, result];
}

function readTruth(file: string): Map<string, string> {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(header, 'user_id,planted_level');
  return new Map(lines.map((l) => l.split(',') as [string, string]));
}

after(async () => {
  // Dropping first is cheaper than not: DROP DATABASE discards the seeded pages, which the server
  // would otherwise write out in its shutdown checkpoint.
  await Promise.all(opened.map((s) => s.close()));
  await stopTestServer();
  rmSync(tmp, { recursive: true, force: true });
});

describe('seedSources: reproducibility and guards', () => {
  let a: Sources;
  let b: Sources;
  let seeded7: Record<string, string>;
  before(async () => {
    // One after the other: the first createTestDatabases call starts the shared embedded server.
    [a] = await openSeeded(300, 7);
    [b] = await openSeeded(300, 7);
  });

  test('the same seed gives byte-identical tables, another seed differs', async () => {
    seeded7 = await fingerprintTables(a.clients);
    assert.deepEqual(await fingerprintTables(b.clients), seeded7);
    await resetSources(b.clients);
    await seedSources(b.clients, { users: 300, seed: 8, referenceTime: REFERENCE, timezone: TIMEZONE });
    const seeded8 = await fingerprintTables(b.clients);
    assert.notEqual(seeded8['auth.users'], seeded7['auth.users']);
    assert.notEqual(seeded8['messaging.messages'], seeded7['messaging.messages']);
  });

  test('refuses to seed non-empty sources; reset empties them and a re-seed is identical', async () => {
    assert.equal(await sourcesAreEmpty(a.clients), false);
    await assert.rejects(
      seedSources(a.clients, { users: 10, seed: 7, referenceTime: REFERENCE }),
      (err: unknown) => err instanceof SourcesNotEmptyError && /already hold data/.test(err.message),
    );
    await resetSources(a.clients);
    assert.equal(await sourcesAreEmpty(a.clients), true);
    await seedSources(a.clients, { users: 300, seed: 7, referenceTime: REFERENCE, timezone: TIMEZONE });
    assert.deepEqual(await fingerprintTables(a.clients), seeded7);
  });

  test('sequences continue after the seeded ids', async () => {
    const { rows } = await a.clients.messaging.query(
      `INSERT INTO conversations DEFAULT VALUES RETURNING id, (SELECT max(id) FROM conversations) AS before`,
    );
    assert.ok(Number(rows[0].id) > Number(rows[0].before));
  });
});

describe('seedSources: shapes and planted risk at 2,000 users', () => {
  let s: Sources;
  let result: SeedResult;
  let truth: Map<string, string>;
  let kpis: Map<string, RawKpis>;
  before(async () => {
    const truthFile = join(tmp, 'truth.csv');
    [s, result] = await openSeeded(2000, 42, truthFile);
    truth = readTruth(truthFile);
    kpis = await computeRawKpis(s.clients, REFERENCE, TIMEZONE);
  });

  test('the truth file lists exactly the population (auth role 2, active, active profile) with planted shares', async () => {
    const pop = await s.clients.auth.query(`SELECT user_id::text AS id FROM users WHERE id_role = 2 AND is_active`);
    const active = await s.clients.social.query(`SELECT user_id::text AS id FROM user_profiles WHERE is_active`);
    const activeSet = new Set(active.rows.map((r) => r.id));
    const population = pop.rows.map((r) => r.id).filter((id) => activeSet.has(id));
    assert.deepEqual([...truth.keys()].sort(), population.sort());
    assert.equal(result.population, truth.size);
    const share = (level: string) => [...truth.values()].filter((l) => l === level).length / truth.size;
    assert.ok(share('high') > 0.015 && share('high') < 0.05, `high share ${share('high')}`);
    assert.ok(share('moderate') > 0.07 && share('moderate') < 0.13, `moderate share ${share('moderate')}`);
    assert.equal(result.planted.high + result.planted.moderate + result.planted.low, truth.size);
  });

  test('per-user volumes: ~20 messages, ~3 posts, ~5 comments; ~users/2 conversations; 2% admins', async () => {
    const per = (n: number) => n / result.users;
    assert.ok(per(result.messages) > 16 && per(result.messages) < 25, `messages/user ${per(result.messages)}`);
    assert.ok(per(result.posts) > 2.4 && per(result.posts) < 3.7, `posts/user ${per(result.posts)}`);
    assert.ok(per(result.comments) > 4 && per(result.comments) < 6.2, `comments/user ${per(result.comments)}`);
    assert.equal(await queryScalar(s.clients.messaging, 'SELECT count(*) FROM conversations'), 1000);
    const admins = await queryScalar(s.clients.auth, 'SELECT avg((id_role = 1)::int) FROM users');
    assert.ok(admins > 0.01 && admins < 0.035, `admins ${admins}`);
    assert.ok(result.communities >= 40);
  });

  test('rows reported as written are the rows in the tables, near the estimate a progress bar starts from', async () => {
    let actual = 0;
    for (const [source, table] of TABLES) actual += await queryScalar(s.clients[source], `SELECT count(*) FROM ${table}`);
    assert.equal(result.rows, actual);
    const perUser = actual / result.users;
    assert.ok(Math.abs(perUser / ESTIMATED_ROWS_PER_USER - 1) < 0.15, `rows/user ${perUser} vs the estimate ${ESTIMATED_ROWS_PER_USER}`);
  });

  test('awkward data is there: NULL/blank/short/long texts, deletions, NULL last_seen, Spanish and emoji', async () => {
    const m = s.clients.messaging;
    const social = s.clients.social;
    assert.ok((await queryScalar(m, 'SELECT count(*) FROM messages WHERE content IS NULL')) > 0);
    assert.ok((await queryScalar(m, `SELECT count(*) FROM messages WHERE content ~ '^\\s*$'`)) > 0);
    assert.ok((await queryScalar(m, `SELECT count(*) FROM messages WHERE char_length(btrim(content)) BETWEEN 1 AND 2`)) > 0);
    assert.ok((await queryScalar(social, 'SELECT count(*) FROM posts WHERE char_length(content) > 3000')) > 0);
    const deleted = await queryScalar(m, 'SELECT avg(is_deleted::int) FROM messages');
    assert.ok(deleted > 0.02 && deleted < 0.04, `deleted share ${deleted}`);
    const inactive = await queryScalar(social, 'SELECT avg((NOT is_active)::int) FROM comments');
    assert.ok(inactive > 0.01 && inactive < 0.03, `inactive comments ${inactive}`);
    const neverSeen = await queryScalar(m, 'SELECT avg((last_seen_at IS NULL)::int) FROM users');
    assert.ok(neverSeen > 0.015 && neverSeen < 0.05, `NULL last_seen share ${neverSeen}`);
    assert.ok((await queryScalar(m, `SELECT count(*) FROM messages WHERE content LIKE '%ñ%' OR content LIKE '%á%'`)) > 0);
    assert.ok((await queryScalar(m, `SELECT count(*) FROM messages WHERE content LIKE '%😢%'`)) > 0);
    assert.ok((await queryScalar(social, `SELECT count(*) FROM user_profiles WHERE bio IS NULL OR btrim(bio) = ''`)) > 0);
    const complete = await queryScalar(social, 'SELECT (SELECT count(*) FROM complete_profiles)::float / count(*) FROM user_profiles');
    assert.ok(complete > 0.5 && complete < 0.7, `complete profiles ${complete}`);
    assert.ok((await queryScalar(m, `SELECT count(*) FROM messages WHERE updated_at > created_at`)) > 0);
    assert.equal(await queryScalar(m, 'SELECT count(*) FROM messages WHERE greatest(created_at, updated_at) > $1', [REFERENCE]), 0);
  });

  test('users go missing across databases, both ways', async () => {
    const authIds = new Set((await s.clients.auth.query('SELECT user_id::text AS id FROM users')).rows.map((r) => r.id));
    const profiles = (await s.clients.social.query('SELECT id, user_id::text AS uid FROM user_profiles')).rows;
    const profileIds = new Set(profiles.map((p) => Number(p.id)));
    const messagingProfiles = (await s.clients.messaging.query('SELECT profile_id FROM users')).rows.map((r) => Number(r.profile_id));
    const withMessaging = new Set(messagingProfiles);
    const profileUsers = new Set(profiles.map((p) => p.uid));
    const posters = (await s.clients.social.query('SELECT DISTINCT user_id::text AS id FROM posts')).rows.map((r) => r.id);
    assert.ok([...authIds].some((id) => !profileUsers.has(id)), 'an auth user without a social profile');
    assert.ok(profiles.some((p) => !withMessaging.has(Number(p.id))), 'a profile without a messaging user');
    assert.ok(messagingProfiles.some((id) => !profileIds.has(id)), 'a messaging user without a profile');
    assert.ok(posters.some((id) => !authIds.has(id)), 'posts by a user missing from auth');
    const noProfile = [...authIds].filter((id) => !profileUsers.has(id)).length / authIds.size;
    assert.ok(noProfile > 0.003 && noProfile < 0.025, `auth users without profile ${noProfile}`);
  });

  test('planted levels show in the raw KPIs: high users are extreme, low users normal', () => {
    const byLevel = (level: string) => [...truth].filter(([, l]) => l === level).map(([id]) => kpis.get(id)!);
    const mean = (xs: RawKpis[], f: (k: RawKpis) => number) => xs.reduce((a, k) => a + f(k), 0) / xs.length;
    const high = byLevel('high');
    const low = byLevel('low');
    assert.ok(high.every(Boolean) && low.every(Boolean), 'every population user has a profile');
    const nightHigh = mean(high, (k) => k.nightShare);
    const nightLow = mean(low, (k) => k.nightShare);
    assert.ok(nightHigh > 0.3 && nightLow < 0.05, `night share high ${nightHigh} low ${nightLow}`);
    const ratioHigh = mean(high, (k) => Math.min(k.ratio, 1000));
    const ratioLow = mean(low, (k) => Math.min(k.ratio, 1000));
    assert.ok(ratioHigh > 10 * ratioLow, `following/followers high ${ratioHigh} low ${ratioLow}`);
    assert.ok(mean(high, (k) => k.daysSinceSeen) > 5 * mean(low, (k) => k.daysSinceSeen));
    assert.ok(mean(high, (k) => +k.incomplete) > 0.5 && mean(low, (k) => +k.incomplete) === 0);
    assert.ok(mean(high, (k) => k.negativeShare) > 3 * mean(low, (k) => k.negativeShare));
    assert.ok(mean(high, (k) => k.categories) < 1 && mean(low, (k) => k.categories) >= 2);
    // Scattered high users still stand out: at least three extreme KPIs each.
    const extremeCount = (k: RawKpis) =>
      +(k.ratio >= 30) + +(k.daysSinceSeen >= 25) + +(k.nightShare >= 0.4) + +k.incomplete + +(k.negativeShare >= 0.4) + +(k.categories <= 1);
    assert.ok(high.filter((k) => extremeCount(k) >= 3).length >= 0.9 * high.length);
    assert.ok(low.filter((k) => extremeCount(k) === 0).length >= 0.95 * low.length);
  });
});
