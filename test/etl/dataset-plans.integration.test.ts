// One SQL file per source dataset, read two ways (db/sql-file.ts): in full by etl, for a batch's keys by watch.
// The plans of both reads, on sources of a realistic size (50,000 users, 1M messages, made in SQL: the
// planner's choices depend on table sizes, which the synthetic generator would take minutes to reach here).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { datasetQuery } from '../../src/db/sql-file.js';
import { DATASETS, MESSAGING_SENDERS, SOCIAL_PROFILE_USERS, type DatasetDef } from '../../src/model/datasets.js';
import { datasetSql } from '../../src/etl/extract.js';
import {
  arrayLiteral,
  batchUserDatasets,
  BATCH_TEXTS,
  MESSAGING_PROFILES,
  PROFILE_OWNERS,
} from '../../src/realtime/keyed-datasets.js';
import { applySourceSchema } from '../../src/synth/index.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { withClient } from '../support/crafted-sources.js';

const USERS = 50_000;
/** A watch batch: 100 changes/s collected over the default 2 s debounce. */
const BATCH = 200;
const ALL_DEFS: readonly DatasetDef[] = [...DATASETS, MESSAGING_SENDERS, SOCIAL_PROFILE_USERS];
const KEY_SETTINGS = ['aura.user_ids', 'aura.profile_ids', 'aura.messaging_user_ids', 'aura.text_ids'];
/** Tables that grow with the users; the others (communities, conversations, roles) stay small. */
const LARGE = new Set(['users', 'user_profiles', 'complete_profiles', 'community_members', 'posts', 'comments', 'messages']);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Strategy?: string;
  'Parallel Aware'?: boolean;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function planOf(url: string, sql: string, settings: Record<string, string>): Promise<PlanNode[]> {
  return withClient(url, async (c: pg.ClientBase) => {
    for (const [k, v] of Object.entries(settings)) await c.query('SELECT set_config($1, $2, false)', [`aura.${k}`, v]);
    const { rows } = await c.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`);
    return nodes(rows[0]['QUERY PLAN'][0].Plan);
  });
}

/** SQL without its comments (the files' headers name the settings too). */
const code = (sql: string) => sql.replace(/--.*$/gm, '');
const scans = (plan: PlanNode[]) => plan.filter((n) => n['Relation Name'] !== undefined);
const describePlan = (plan: PlanNode[]) => scans(plan).map((n) => `${n['Node Type']} on ${n['Relation Name']}`).join(', ');

describe('one SQL file per dataset: the full read and the keyed read', () => {
  test('a full read names no key setting, a keyed read restricts by one; watch reads the same files as etl', () => {
    for (const def of ALL_DEFS) {
      const all = code(datasetQuery(def.sqlFile, 'all'));
      const keys = code(datasetQuery(def.sqlFile, 'keys'));
      for (const s of KEY_SETTINGS) assert.ok(!all.includes(s), `${def.sqlFile}: the full read names ${s}`);
      assert.ok(KEY_SETTINGS.some((s) => keys.includes(s)), `${def.sqlFile}: the keyed read names no key setting`);
      assert.ok(!/@(all|keys)\b/.test(all + keys), `${def.sqlFile}: a marker is left in the SQL`);
      assert.equal(datasetSql(def), datasetQuery(def.sqlFile, 'all'), 'etl reads all');
    }
    const watch = [...Object.values(batchUserDatasets({})), ...Object.values(BATCH_TEXTS), PROFILE_OWNERS, MESSAGING_PROFILES];
    for (const def of watch) {
      assert.equal(def.read, 'keys');
      assert.ok(ALL_DEFS.some((d) => d.sqlFile === def.sqlFile && d.source === def.source), `${def.name} has its own file`);
      assert.equal(datasetSql(def), datasetQuery(def.sqlFile, 'keys'));
    }
  });

  describe('plans at 50,000 users', () => {
    let db: TestDatabases;
    let keys: Record<string, string>;
    before(async () => {
      db = await createTestDatabases();
      await withClient(db.auth, (auth) =>
        withClient(db.social, (social) => withClient(db.messaging, (messaging) => applySourceSchema({ auth, social, messaging }))),
      );
      await Promise.all([fillAuth(db.auth), fillSocial(db.social), fillMessaging(db.messaging)]);
      keys = await withClient(db.social, async (c) => {
        const pick = async (sql: string) => arrayLiteral((await c.query(sql)).rows.map((r) => r.k as string | number));
        return {
          user_ids: await pick(`SELECT user_id AS k FROM user_profiles WHERE id % ${Math.floor(USERS / BATCH)} = 7`),
          profile_ids: await pick(`SELECT id AS k FROM user_profiles WHERE id % ${Math.floor(USERS / BATCH)} = 3`),
          messaging_user_ids: await pick(`SELECT id AS k FROM user_profiles WHERE id % ${Math.floor(USERS / BATCH)} = 5`),
          text_ids: arrayLiteral([11, 12_345, 400_001]),
        };
      });
    });
    after(async () => {
      await db?.drop();
      await stopTestServer();
    });

    const urlOf = (def: DatasetDef) => db[def.source];
    /** etl's settings: a first run for the texts (scans), and a re-run's (the updated_at index). */
    const etlSettings = (rerun: boolean) => ({ timezone: 'America/Lima', since: rerun ? '2026-06-01T00:00:00Z' : '-infinity', full_run: rerun ? 'off' : 'on', shard_index: '0', shard_count: '1' });

    test(`a keyed read (a batch of ${BATCH} keys) reads no large table in full`, async () => {
      const watch = [...Object.values(batchUserDatasets({})), ...Object.values(BATCH_TEXTS), PROFILE_OWNERS, MESSAGING_PROFILES];
      for (const def of watch) {
        const plan = await planOf(urlOf(def), datasetSql(def), { timezone: 'America/Lima', since: '2026-06-01T00:00:00Z', ...keys });
        const full = scans(plan).filter((n) => LARGE.has(n['Relation Name']!) && !(n['Index Cond'] || n['Recheck Cond']));
        assert.deepEqual(full, [], `${def.name}: ${describePlan(plan)}`);
      }
    });

    test('a full read aggregates in one pass: no per-row index lookups on a large table, messages hashed in parallel', async () => {
      for (const def of ALL_DEFS) {
        const plan = await planOf(urlOf(def), datasetSql(def), etlSettings(false));
        const lookups = scans(plan).filter((n) => LARGE.has(n['Relation Name']!) && n['Index Cond']);
        assert.deepEqual(lookups, [], `${def.name}: ${describePlan(plan)}`);
      }
      const messaging = DATASETS.find((d) => d.name === 'messaging_users')!;
      const plan = await planOf(db.messaging, datasetSql(messaging), etlSettings(false));
      const parallel = await withClient(db.messaging, async (c) => Number((await c.query('SHOW max_parallel_workers_per_gather')).rows[0].max_parallel_workers_per_gather) > 0);
      assert.ok(plan.some((n) => n['Node Type'] === 'Aggregate' && n.Strategy === 'Hashed'), describePlan(plan));
      const messages = scans(plan).filter((n) => n['Relation Name'] === 'messages');
      assert.deepEqual(messages.map((n) => n['Node Type']), ['Seq Scan']);
      if (parallel) assert.equal(messages[0]['Parallel Aware'], true, 'messages are scanned by parallel workers');
    });

    test("an etl re-run reads the texts changed since the watermark through the updated_at index", async () => {
      for (const def of DATASETS.filter((d) => d.kind === 'texts')) {
        const plan = await planOf(urlOf(def), datasetSql(def), etlSettings(true));
        const table = scans(plan).filter((n) => n['Relation Name'] === def.name);
        // The first-run branch's scan is in the plan too, switched off by its one-time filter.
        assert.ok(table.some((n) => /updated_at/.test(n['Index Cond'] ?? '')), `${def.name}: ${describePlan(plan)}`);
      }
    });
  });
});

async function fillAuth(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO users (user_id, email, id_role, is_active)
                   SELECT md5('u' || i)::uuid, 'u' || i || '@example.org', CASE WHEN i % 50 = 0 THEN 1 ELSE 2 END, i % 40 <> 0
                   FROM generate_series(1, ${USERS}) i`);
    await c.query('ANALYZE');
  });
}

async function fillSocial(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO user_profiles (id, user_id, followers_count, following_count, bio, is_active)
                   SELECT i, md5('u' || i)::uuid, i % 300, i % 170, CASE WHEN i % 3 = 0 THEN NULL ELSE 'hola' END, i % 30 <> 0
                   FROM generate_series(1, ${USERS}) i`);
    await c.query(`INSERT INTO complete_profiles (user_id, interests) SELECT i, '{gaming,musica}' FROM generate_series(1, ${USERS}) i WHERE i % 2 = 0`);
    await c.query(`INSERT INTO communities (id, name, category) SELECT i, 'c' || i, 'cat' || (i % 12) FROM generate_series(1, 400) i`);
    await c.query(`INSERT INTO community_members (user_id, community_id)
                   SELECT i, (i + k * 131) % 400 + 1 FROM generate_series(1, ${USERS}) i, generate_series(0, 2) k`);
    await c.query(`INSERT INTO posts (user_id, content, updated_at)
                   SELECT md5('u' || (i % ${USERS} + 1))::uuid, 'texto ' || i, timestamptz '2026-01-01' + i * interval '1 minute'
                   FROM generate_series(1, ${USERS * 3}) i`);
    await c.query(`INSERT INTO comments (post_id, user_id, content, updated_at)
                   SELECT i % ${USERS * 3} + 1, md5('u' || (i * 7 % ${USERS} + 1))::uuid, 'comentario ' || i, timestamptz '2026-01-01' + i * interval '40 seconds'
                   FROM generate_series(1, ${USERS * 5}) i`);
    await c.query('ANALYZE');
  });
}

async function fillMessaging(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO users (id, profile_id, last_seen_at) SELECT i, i, timestamptz '2026-06-01' - i * interval '1 minute' FROM generate_series(1, ${USERS}) i`);
    await c.query(`INSERT INTO conversations (id) SELECT i FROM generate_series(1, 1000) i`);
    await c.query(`INSERT INTO messages (conversation_id, sender_profile_id, content, is_deleted, created_at, updated_at)
                   SELECT i % 1000 + 1, i::bigint * 7919 % ${USERS} + 1, 'mensaje ' || i, i % 97 = 0,
                          timestamptz '2026-01-01' + i * interval '10 seconds', timestamptz '2026-01-01' + i * interval '10 seconds'
                   FROM generate_series(1, ${USERS * 20}) i`);
    await c.query('ANALYZE');
  });
}
