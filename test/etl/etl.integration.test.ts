// etl against real source databases with hand-crafted users: exact vectors, incremental scoring, atomicity.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { resolveConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { BusyError, LoadError } from '../../src/errors.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { planEtl } from '../../src/etl/plan.js';
import { ETL_LOCK_KEY } from '../../src/db/run-locks.js';
import { createLogger } from '../../src/log.js';
import { scoreText } from '../../src/nlp/lexicon.js';
import { silentProgress } from '../../src/progress.js';
import { roundScore } from '../../src/nlp/score-texts.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { insertCraftedUsers, REFERENCE_TIME, TEXTS, U1, U2, U7, withClient } from '../support/crafted-sources.js';

const logger = createLogger({ level: 'silent' });
let dbs: TestDatabases;
let deps: Parameters<typeof runEtl>[0];

async function vectors(url = dbs.analytics): Promise<Record<string, Record<string, unknown>>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query('SELECT * FROM user_feature_vector ORDER BY user_id_raiz');
    return Object.fromEntries(rows.map((r) => [r.user_id_raiz, r]));
  });
}
async function snapshot(): Promise<unknown> {
  return withClient(dbs.analytics, async (c) => {
    const q = async (sql: string) => (await c.query(sql)).rows;
    return {
      vectors: await q('SELECT * FROM user_feature_vector ORDER BY user_id_raiz'),
      scores: await q('SELECT * FROM text_sentiment_scores ORDER BY model_id, source_id, text_id'),
      watermarks: await q('SELECT source, last_value, last_keys FROM etl_watermarks ORDER BY source'),
      history: await q('SELECT count(*) FROM user_feature_history'),
      params: await q('SELECT count(*) FROM normalization_params'),
      messageCounts: await q('SELECT * FROM message_counts ORDER BY messaging_user_id'),
      messageCountState: await q('SELECT timezone, counted_through_id, counted_since_us, run_id FROM message_count_state'),
    };
  });
}
const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

describe('etl on hand-crafted users', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await insertCraftedUsers(dbs);
    await migrate(dbs.analytics, logger);
    const config = resolveConfig({ env: { DATABASE_URL_ANALYTICS: dbs.analytics, DATABASE_URL_AUTH: dbs.auth, DATABASE_URL_SOCIAL: dbs.social, DATABASE_URL_MESSAGING: dbs.messaging }, cwd: '/' });
    deps = { config, urls: config.databases!, logger, progress: silentProgress };
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });

  test('dry run checks connections, plans, and writes nothing', async () => {
    const before = await snapshot();
    const plan = await planEtl(deps.config, deps.urls);
    assert.equal(plan.analytics.schemaVersion, Math.max(...readdirSync(MIGRATIONS_DIR).map((f) => parseInt(f, 10)).filter(Number.isFinite)));
    const byName = Object.fromEntries(plan.datasets.map((d) => [d.name, d.rows]));
    assert.equal(byName.population, 5, 'active id_role=2 users');
    assert.equal(byName.posts, 3, 'active posts on a first run');
    assert.deepEqual(await snapshot(), before);
  });

  test("a failure in a model's first run leaves no scores and no partition; the next run builds it whole", async () => {
    const before = await snapshot();
    const partitions = () =>
      withClient(dbs.analytics, async (c) =>
        (await c.query(`SELECT c.relname, (SELECT count(*) FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)::int AS pk
                        FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = 'text_sentiment_scores'::regclass`)).rows,
      );
    await assert.rejects(
      runEtl(deps, { referenceTime: REFERENCE_TIME, beforeCommit: async () => { throw new Error('injected failure'); } }),
      (e: unknown) => e instanceof LoadError && /injected failure/.test((e as Error).message),
    );
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(await partitions(), [], 'the partition built inside the failed run went with it');
    const r = await runEtl(deps, { referenceTime: REFERENCE_TIME });
    assert.ok(r.texts.scored > 0);
    const built = await partitions();
    assert.equal(built.length, 1, 'one partition for the one model');
    assert.equal(built[0].pk, 1, 'with its primary key, attached to the parent index');
    const stored = await withClient(dbs.analytics, (c) => c.query('SELECT count(*)::int AS n FROM text_sentiment_scores'));
    assert.equal(stored.rows[0].n, r.texts.scored);
    const sums = await withClient(dbs.analytics, async (c) => ({
      kept: (await c.query('SELECT user_id, score_sum_micro::text, texts FROM user_text_negativity ORDER BY 1')).rows,
      rebuilt: (await c.query(`SELECT user_id, sum(round(score * 1e6))::bigint::text AS score_sum_micro, count(*)::int AS texts
                               FROM text_sentiment_scores GROUP BY 1 ORDER BY 1`)).rows,
    }));
    assert.ok(sums.kept.length > 0);
    assert.deepEqual(sums.kept, sums.rebuilt, 'the sums added up while scoring equal a rebuild from the stored scores');
    // Back to the state the next test starts from (no run yet).
    await withClient(dbs.analytics, async (c) => {
      await c.query(`DROP TABLE ${built[0].relname}`);
      await c.query('TRUNCATE user_feature_vector, user_feature_history, normalization_params, etl_watermarks, user_text_negativity, message_counts, message_count_state');
    });
    assert.deepEqual(await snapshot(), before);
  });

  test('first run: population, exact KPI values, normalisation and negativity', async () => {
    const r = await runEtl(deps, { referenceTime: REFERENCE_TIME });
    assert.equal(r.users, 3, 'admin, inactive, profile-less and inactive-profile users are not in the population');
    const v = await vectors();
    assert.deepEqual(Object.keys(v).sort(), [U1, U2, U7]);

    // KPI 1 raw: 10/max(0,1), 5/10, 4/4; winsorised at the 99th percentile of [0.5, 1, 10].
    close(v[U1].reciprocity_ratio_raw as number, 10);
    close(v[U2].reciprocity_ratio_raw as number, 0.5);
    close(v[U7].reciprocity_ratio_raw as number, 1);
    const clip1 = 1 + (10 - 1) * 0.98;
    close(v[U1].reciprocity_ratio_norm as number, 1);
    close(v[U2].reciprocity_ratio_norm as number, 0);
    close(v[U7].reciprocity_ratio_norm as number, (1 - 0.5) / (clip1 - 0.5));
    // KPI 2: 2 days; 365 without a messaging user; 365 with NULL last_seen_at.
    close(v[U1].days_since_last_seen_raw as number, 2);
    close(v[U2].days_since_last_seen_raw as number, 365);
    close(v[U7].days_since_last_seen_raw as number, 365);
    close(v[U1].days_since_last_seen_norm as number, 0);
    close(v[U2].days_since_last_seen_norm as number, 1);
    // KPI 3: 2 of 4 non-deleted messages at 02:00-02:30 Lima time; the deleted night message does not count.
    close(v[U1].ratio_night_messages as number, 0.5);
    assert.equal(v[U1].messages_count, 4);
    close(v[U2].ratio_night_messages as number, 0);
    // KPI 4: bio NULL and no complete profile; a blank bio with a complete profile is complete.
    assert.equal(v[U1].is_profile_incomplete, true);
    assert.equal(v[U2].is_profile_incomplete, false);
    assert.equal(v[U7].is_profile_incomplete, false);
    // KPI 6: {Voluntariado, Arte, arte} = 2 categories; winsorised over [0, 1, 2].
    assert.equal(v[U1].num_community_categories_raw, 2);
    assert.equal(v[U7].num_community_categories_raw, 1);
    close(v[U7].num_community_categories_norm as number, 1 / (1 + 0.98));
    close(v[U1].num_community_categories_norm as number, 1);
    // One-hot columns.
    assert.equal(v[U2].int_gaming_one_hot, true);
    assert.equal(v[U1].int_gaming_one_hot, false);
    assert.equal(v[U1].comm_voluntariado_one_hot, true);
    assert.equal(v[U2].comm_voluntariado_one_hot, false);
    // KPI 5: mean of the stored (float4) scores of the user's scorable active texts.
    const mean = (xs: string[]) => xs.reduce((s, t) => s + Math.fround(roundScore(scoreText(t))), 0) / xs.length;
    assert.equal(v[U1].texts_scored, 4);
    close(v[U1].sentiment_negativity_index as number, mean(TEXTS.u1), 1e-6);
    close(v[U2].sentiment_negativity_index as number, mean(TEXTS.u2), 1e-6);
    assert.equal(v[U7].sentiment_negativity_index, 0);
    assert.ok((v[U1].sentiment_negativity_index as number) > (v[U2].sentiment_negativity_index as number));
    assert.equal(new Date(v[U1].extraction_date as string).toISOString(), REFERENCE_TIME.toISOString());
    assert.equal(r.texts.scored, 6, 'u1: 4, u2: 1, and the admin post (scored, but not in the population)');
    assert.equal(r.texts.unattributed, 1, 'the message of a sender with no social profile');
  });

  test('a second run scores zero texts and gives the same vectors', async () => {
    const before = await vectors();
    const r = await runEtl(deps, { referenceTime: REFERENCE_TIME });
    assert.equal(r.texts.scored, 0);
    assert.equal(r.texts.read, 0);
    const after = await vectors();
    for (const id of Object.keys(before)) {
      const { run_id: _a, ...b } = before[id];
      const { run_id: _b, ...a } = after[id];
      assert.deepEqual(a, b);
    }
  });

  test('after 10 new messages exactly those are scored', async () => {
    await withClient(dbs.messaging, (c) =>
      c.query(`INSERT INTO messages (conversation_id, sender_profile_id, content, created_at, updated_at)
               SELECT 1, 101, 'mensaje nuevo número ' || g || ', me siento fatal', now(), now() FROM generate_series(1, 10) g`),
    );
    const r = await runEtl(deps, { referenceTime: REFERENCE_TIME });
    assert.equal(r.texts.scored, 10);
    assert.equal((await vectors())[U1].texts_scored, 14);
  });

  test('deleting and emptying texts removes their stored scores', async () => {
    await withClient(dbs.messaging, (c) => c.query(`UPDATE messages SET is_deleted = true, updated_at = now() WHERE id = 1`));
    await withClient(dbs.social, (c) => c.query(`UPDATE posts SET content = '', updated_at = now() WHERE id = 3`));
    const r = await runEtl(deps, { referenceTime: REFERENCE_TIME });
    assert.equal(r.texts.removed, 2);
    const v = await vectors();
    assert.equal(v[U1].texts_scored, 13);
    assert.equal(v[U2].texts_scored, 0);
    assert.equal(v[U2].sentiment_negativity_index, 0);
  });

  test('a failure just before COMMIT leaves vectors, scores and watermarks exactly as they were', async () => {
    await withClient(dbs.messaging, (c) => c.query(`INSERT INTO messages (conversation_id, sender_profile_id, content) VALUES (1, 101, 'otro mensaje triste')`));
    const before = await snapshot();
    await assert.rejects(
      runEtl(deps, { referenceTime: new Date(), beforeCommit: async () => { throw new Error('injected failure'); } }),
      (e: unknown) => e instanceof LoadError && /injected failure/.test((e as Error).message),
    );
    assert.deepEqual(await snapshot(), before);
    const runs = await withClient(dbs.analytics, (c) => c.query(`SELECT status, error FROM etl_runs ORDER BY run_id DESC LIMIT 1`));
    assert.equal(runs.rows[0].status, 'failed');
    const r = await runEtl(deps, { referenceTime: REFERENCE_TIME });
    assert.equal(r.texts.scored, 1, 'the message of the failed run is scored by the next one');
  });

  test('a second concurrent run is refused (exit 3) without touching anything', async () => {
    const holder = new pg.Client({ connectionString: dbs.analytics });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [ETL_LOCK_KEY.toString()]);
      const before = await snapshot();
      await assert.rejects(runEtl(deps, {}), (e: unknown) => e instanceof BusyError && (e as BusyError).exitCode === 3);
      assert.deepEqual(await snapshot(), before);
    } finally {
      await holder.end();
    }
  });
});
