// watch against real databases: catch-up at start, live re-scoring with NOTIFY and WebSocket, faults, burst, full runs beside it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCluster } from '../../src/cluster/run-cluster.js';
import type { Config } from '../../src/config.js';
import { BusyError } from '../../src/errors.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { silentProgress } from '../../src/progress.js';
import { LISTENER_APPLICATION_NAME } from '../../src/realtime/source-listener.js';
import { withClient } from '../support/crafted-sources.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { bearer, openSocket, type TestSocket } from '../server/cases/websockets.js';
import { startServe, type RunningServe } from '../server/serve-fixture.js';
import { craftUser, messageCounts, scoreSumsAgree, staleVectors } from './watch-checks.js';
import {
  insertMessages,
  limaNight,
  listenRiskUpdates,
  logger,
  NEGATIVE_TEXT,
  populationUsers,
  prepareSources,
  startWatcher,
  vectorOf,
  waitUntil,
  type RunningWatcher,
  type SourceUser,
} from './watch-fixture.js';

let dbs: TestDatabases;
let config: Readonly<Config>;
let users: SourceUser[];
let risk: Awaited<ReturnType<typeof listenRiskUpdates>>;
let watcher: RunningWatcher;
let serve: RunningServe;
let live: TestSocket;
let failing = false;

const updatesFor = (userId: string) => risk.messages.filter((m) => m.type === 'USER_RISK_UPDATE' && m.payload.user_id === userId);
const lastBatchId = () => withClient(dbs.analytics, async (c) => Number((await c.query('SELECT coalesce(max(batch_id), 0) AS b FROM watch_batches')).rows[0].b));

describe('watch', () => {
  before(async () => {
    dbs = await createTestDatabases();
    config = await prepareSources(dbs, 1500);
    users = await populationUsers(dbs);
    risk = await listenRiskUpdates(dbs.analytics);
    serve = await startServe(dbs);
    live = openSocket(serve.base, 'live', bearer());
    await live.next((m) => m.type === 'AUTH_OK');
  });
  after(async () => {
    await watcher?.stop().catch(() => {});
    live?.ws.close();
    await serve?.close();
    await risk?.close();
    await dbs.drop();
    await stopTestServer();
  });

  test('changes made while watch was stopped are picked up at start (LISTEN first, then catch up)', async () => {
    const [a, b, c, d] = users;
    const before = await Promise.all([a, b, c].map((u) => vectorOf(dbs.analytics, u.userId)));
    // Sent while nobody listens: these notifications are lost, the catch-up must find all four.
    await withClient(dbs.social, async (s) => {
      await s.query('INSERT INTO posts (user_id, content) VALUES ($1, $2)', [a.userId, NEGATIVE_TEXT]);
      await s.query('UPDATE user_profiles SET followers_count = followers_count + 7 WHERE id = $1', [b.profileId]);
      const community = await s.query(`INSERT INTO communities (name, category) VALUES ('Club', 'Ajedrez') RETURNING id`);
      await s.query('INSERT INTO community_members (user_id, community_id) VALUES ($1, $2)', [c.profileId, community.rows[0].id]);
    });
    await withClient(dbs.auth, (s) => s.query('UPDATE users SET is_active = false WHERE user_id = $1', [d.userId]));

    watcher = startWatcher(config, dbs, { maxBatch: 500, statsIntervalMs: 1000 }, {
      beforeCommit: async () => {
        if (failing) throw new Error('injected failure before COMMIT');
      },
    });
    const first = await waitUntil('the catch-up batch', () => watcher.batches.find((r) => r.catchUp));
    assert.deepEqual(first.caughtUp && { changed: first.caughtUp.changed, removed: first.caughtUp.removed }, { changed: 3, removed: 1 }, 'exactly the users changed offline, nobody else');
    assert.equal(first.users, 3);
    assert.equal(first.texts.scored, 1);
    const [va, vb, vc] = await Promise.all([a, b, c].map((u) => vectorOf(dbs.analytics, u.userId)));
    assert.equal(va!.texts_scored, before[0]!.texts_scored + 1);
    assert.ok(va!.sentiment_negativity_index > before[0]!.sentiment_negativity_index);
    assert.equal(vb!.followers_count, before[1]!.followers_count + 7);
    assert.equal(vc!.num_community_categories_raw, before[2]!.num_community_categories_raw + 1);
    assert.equal(await vectorOf(dbs.analytics, d.userId), undefined, 'a user who left the population loses vector and verdict');
    for (const u of [a, b, c]) assert.equal(updatesFor(u.userId).length, 1, 'one USER_RISK_UPDATE per changed user');
  });

  test('a negative night message changes the vector, ASI and level within seconds; NOTIFY and the WebSocket carry it', async () => {
    const x = await craftUser(dbs);
    // Its rows arrive in three databases: wait until the vector has them all (messaging: last_seen_at).
    const before = await waitUntil('the new user', async () => {
      const v = await vectorOf(dbs.analytics, x.userId);
      return v && v.last_seen_at !== null ? v : undefined;
    });
    assert.equal(updatesFor(x.userId)[0].payload.previous_level, null, 'new in the population');
    assert.equal(before.messages_count, 0);
    const seen = updatesFor(x.userId).length;

    const t0 = performance.now();
    await insertMessages(dbs.messaging, [{ messagingId: x.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
    const v = await waitUntil('the new vector', async () => {
      const r = await vectorOf(dbs.analytics, x.userId);
      return r?.messages_count === 1 ? r : undefined;
    }, 5000);
    assert.ok(performance.now() - t0 < 5000, 'within seconds');
    const update = await waitUntil('its USER_RISK_UPDATE', () => updatesFor(x.userId).slice(seen).find((m) => m.payload.updated_at === v.extraction_date.toISOString()));
    assert.equal(v.messages_count, 1);
    assert.equal(v.ratio_night_messages, 1);
    assert.ok(v.sentiment_negativity_index > 0.5, `negativity ${v.sentiment_negativity_index}`);
    assert.notEqual(v.risk_level, before.risk_level, `level moved from ${before.risk_level}`);
    assert.ok(Math.abs(v.asi - before.asi) > 1, 'ASI moved');
    assert.equal(v.cluster_label, v.risk_level);
    assert.deepEqual(Object.keys(update.payload).sort(), ['asi', 'previous_level', 'risk_level', 'updated_at', 'user_id', 'votes']);
    assert.equal(update.payload.previous_level, before.risk_level);
    assert.equal(update.payload.risk_level, v.risk_level);
    assert.equal(update.payload.asi, v.asi);
    const alerts = risk.messages.filter((m) => m.type === 'CRITICAL_ALERT' && m.payload.user_id === x.userId && m.payload.updated_at === update.payload.updated_at);
    assert.equal(alerts.length, v.risk_level === 'high' ? 1 : 0, 'CRITICAL_ALERT exactly when the user becomes high');
    const ws = await live.next((m) => m.type === 'USER_RISK_UPDATE' && m.payload.user_id === x.userId && m.payload.updated_at === update.payload.updated_at);
    assert.equal(ws.payload.risk_level, v.risk_level);
  });

  test('after pg_terminate_backend on the listeners it reconnects and misses no change', async () => {
    const [y, z] = [users[10], users[11]];
    const batchesBefore = watcher.batches.length;
    await withClient(dbs.messaging, (c) => c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [LISTENER_APPLICATION_NAME]));
    // Committed while the listeners are down: no NOTIFY reaches watch, the catch-up after LISTEN must.
    await insertMessages(dbs.messaging, [{ messagingId: y.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
    await waitUntil('a catch-up after the reconnect', () => watcher.batches.slice(batchesBefore).some((b) => b.catchUp));
    await insertMessages(dbs.messaging, [{ messagingId: z.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
    await waitUntil('both users updated', () => updatesFor(y.userId).length > 0 && updatesFor(z.userId).length > 0);
    const counts = await messageCounts(dbs, [y, z]);
    for (const u of [y, z]) assert.equal((await vectorOf(dbs.analytics, u.userId))!.messages_count, counts.get(u.userId));
  });

  test('a bad notification payload is logged and skipped', async () => {
    const v = users[12];
    await withClient(dbs.messaging, async (c) => {
      await c.query(`SELECT pg_notify('aura_changes', 'not json')`);
      await c.query(`SELECT pg_notify('aura_changes', '{"table":"messages","op":"INSERT","key":"1","ref":"messaging_user","id":"-1; DROP TABLE x"}')`);
    });
    await insertMessages(dbs.messaging, [{ messagingId: v.messagingId, content: 'hola a todos', createdAt: new Date() }]);
    await waitUntil('the valid change', () => updatesFor(v.userId).length > 0);
    assert.equal(watcher.errors.length, 0);
  });

  test('a failing batch commits nothing, leaves its watermarks, and is retried', async () => {
    const p = users[13];
    const readMark = () => withClient(dbs.analytics, async (c) => (await c.query(`SELECT last_value, last_keys FROM etl_watermarks WHERE source = 'post'`)).rows[0]);
    const markBefore = await readMark();
    const before = (await vectorOf(dbs.analytics, p.userId))!;
    failing = true;
    const errors = watcher.errors.length;
    await withClient(dbs.social, (c) => c.query('INSERT INTO posts (user_id, content) VALUES ($1, $2)', [p.userId, NEGATIVE_TEXT]));
    await waitUntil('two failed attempts', () => watcher.errors.length >= errors + 2);
    assert.deepEqual(await readMark(), markBefore, 'the watermark did not move');
    assert.equal((await vectorOf(dbs.analytics, p.userId))!.texts_scored, before.texts_scored);
    failing = false;
    await waitUntil('the retried batch', async () => ((await vectorOf(dbs.analytics, p.userId))!.texts_scored === before.texts_scored + 1 ? true : undefined));
    assert.notDeepEqual(await readMark(), markBefore);
  });

  test('a burst of 5,000 changes is processed without loss: users updated = users changed', async () => {
    const cutoff = await lastBatchId();
    const active = users.filter((u) => u !== users[3]); // users[3] left the population in the first test
    const rows = Array.from({ length: 5000 }, (_, i) => ({ messagingId: active[(i * 7919) % active.length].messagingId, content: `${NEGATIVE_TEXT} ${i}`, createdAt: limaNight(i % 5) }));
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 500) ids.push(...(await insertMessages(dbs.messaging, rows.slice(i, i + 500))));
    const changed = new Set(rows.map((r) => users.find((u) => u.messagingId === r.messagingId)!.userId));
    const updated = () =>
      withClient(dbs.analytics, async (c) => (await c.query<{ id: string }>('SELECT DISTINCT user_id_raiz::text AS id FROM user_feature_history WHERE run_id > $1', [cutoff])).rows.map((r) => r.id));
    const scored = () => withClient(dbs.analytics, async (c) => Number((await c.query('SELECT count(*) AS n FROM text_sentiment_scores WHERE source_id = 3 AND text_id = ANY($1::bigint[])', [ids])).rows[0].n));
    // A user is written with their first message and again with later ones: done when every message is scored.
    await waitUntil('every message scored and every changed user written', async () => ((await scored()) === 5000 && (await updated()).length >= changed.size ? true : undefined), 30_000);
    assert.deepEqual((await updated()).sort(), [...changed].sort());
    const counts = await messageCounts(dbs, users.filter((u) => changed.has(u.userId)));
    const stored = await withClient(dbs.analytics, async (c) => (await c.query<{ id: string; n: number }>('SELECT user_id_raiz::text AS id, messages_count AS n FROM user_feature_vector WHERE user_id_raiz = ANY($1::uuid[])', [[...changed]])).rows);
    for (const r of stored) assert.equal(r.n, counts.get(r.id));
    assert.ok(watcher.batches.filter((b) => b.batchId > cutoff).length >= 3, 'split into batches of at most 500 users');
  });

  test('a full etl and cluster beside watch: nothing lost, nothing counted twice', async () => {
    const touched = new Map<string, SourceUser>();
    const inserted: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const batch = Array.from({ length: 10 }, (_, k) => users[(i * 31 + k * 97) % users.length]);
        batch.forEach((u) => touched.set(u.userId, u));
        inserted.push(...(await insertMessages(dbs.messaging, batch.map((u) => ({ messagingId: u.messagingId, content: `${NEGATIVE_TEXT} ${i}`, createdAt: limaNight(i % 3) })))));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // The documented rule: a full run that finds a watch batch holding the ETL lock (exit 3) is retried.
    const retry = async <T>(f: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await f();
        } catch (err) {
          if (!(err instanceof BusyError)) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    await retry(() => runEtl({ config, urls: dbs, logger, progress: silentProgress }));
    await retry(() => runCluster({ urls: dbs, logger }, { seed: 7 }));
    writing = false;
    await writer;
    const counts = await messageCounts(dbs, [...touched.values()]);
    await waitUntil(
      'watch to catch up with the writer',
      async () => {
        const rows = await withClient(dbs.analytics, async (c) => (await c.query<{ id: string; n: number }>('SELECT user_id_raiz::text AS id, messages_count AS n FROM user_feature_vector WHERE user_id_raiz = ANY($1::uuid[])', [[...touched.keys()]])).rows);
        return rows.length === touched.size && rows.every((r) => r.n === counts.get(r.id)) ? true : undefined;
      },
      20_000,
    );
    const scored = await withClient(dbs.analytics, async (c) => Number((await c.query('SELECT count(*) AS n FROM text_sentiment_scores WHERE source_id = 3 AND text_id = ANY($1::bigint[])', [inserted])).rows[0].n));
    assert.equal(scored, inserted.length, 'every message written during the full run scored exactly once');
    assert.equal(await scoreSumsAgree(dbs.analytics), true, 'per-user sums equal the stored scores (no double count)');
    assert.equal(await waitUntil('no stale vector', async () => ((await staleVectors(dbs.analytics)) === 0 ? true : undefined)), true);
    const mismatched = await withClient(dbs.analytics, async (c) => Number((await c.query('SELECT count(*) AS n FROM user_feature_vector v JOIN user_risk_results r USING (user_id_raiz) WHERE v.cluster_label IS DISTINCT FROM r.risk_level')).rows[0].n));
    assert.equal(mismatched, 0, 'labels and verdicts agree');
  });

  test('watch_state shows the active instance, its lag and throughput; stopping marks it stopped', async () => {
    const state = await waitUntil('stats', () =>
      withClient(dbs.analytics, async (c) => {
        const r = (await c.query('SELECT * FROM watch_state')).rows[0];
        return r && r.throughput !== null && r.last_batch_at !== null ? r : undefined;
      }),
    );
    assert.equal(state.state, 'running');
    assert.ok(state.lag_seconds >= 0);
    const summary = await watcher.stop();
    assert.ok(summary.failedBatches >= 2);
    assert.ok(summary.users >= 1500);
    const stopped = await withClient(dbs.analytics, async (c) => (await c.query('SELECT state, instance FROM watch_state')).rows[0]);
    assert.deepEqual(stopped, { state: 'stopped', instance: summary.instance });
  });
});
