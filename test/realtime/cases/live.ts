// Live cases: catch-up at start, a night message end to end (NOTIFY and serve's WebSocket), killed listeners, bad payloads, a failing batch.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BatchResult } from '../../../src/realtime/run-batch.js';
import { LISTENER_APPLICATION_NAME } from '../../../src/realtime/source-listener.js';
import { withClient } from '../../support/crafted-sources.js';
import { loadFactor } from '../../support/load-factor.js';
import { bearer, openSocket, type TestSocket } from '../../server/cases/websockets.js';
import { startServe, type RunningServe } from '../../server/serve-fixture.js';
import { craftUser, messageCounts } from '../watch-checks.js';
import { insertMessages, limaNight, listenRiskUpdates, NEGATIVE_TEXT, startWatcher, updatesFor, vectorOf, waitUntil, type WatchEnv } from '../watch-fixture.js';

export function describeLive(getEnv: () => WatchEnv): void {
  describe('live', () => {
    let serve: RunningServe;
    let live: TestSocket;
    before(async () => {
      const env = getEnv();
      env.risk = await listenRiskUpdates(env.urls.analytics);
      serve = await startServe({ ...env.urls, drop: async () => {} });
      live = openSocket(serve.base, 'live', bearer());
      await live.next((m) => m.type === 'AUTH_OK');
    });
    after(async () => {
      live?.ws.close();
      await serve?.close();
    });

    test('changes made while watch was stopped are picked up at start (LISTEN first, then catch up)', async () => {
      const env = getEnv();
      const { urls } = env;
      const [a, b, c, d] = env.users;
      const before = await Promise.all([a, b, c].map((u) => vectorOf(urls.analytics, u.userId)));
      // Sent while nobody listens: these notifications are lost, the catch-up must find all four.
      await withClient(urls.social, async (s) => {
        await s.query('INSERT INTO posts (user_id, content) VALUES ($1, $2)', [a.userId, NEGATIVE_TEXT]);
        await s.query('UPDATE user_profiles SET followers_count = followers_count + 7 WHERE id = $1', [b.profileId]);
        const community = await s.query(`INSERT INTO communities (name, category) VALUES ('Club', 'Ajedrez') RETURNING id`);
        await s.query('INSERT INTO community_members (user_id, community_id) VALUES ($1, $2)', [c.profileId, community.rows[0].id]);
      });
      await withClient(urls.auth, (s) => s.query('UPDATE users SET is_active = false WHERE user_id = $1', [d.userId]));

      env.watcher = startWatcher(env.config, urls, { maxBatch: 500, statsIntervalMs: 1000 }, {
        beforeCommit: async () => {
          if (env.failing) throw new Error('injected failure before COMMIT');
        },
        afterTexts: async (set) => {
          const mid = env.midBatch;
          if (!mid?.when(set)) return;
          env.midBatch = undefined;
          await mid.run();
        },
        onBatch: (r) => env.onBatch?.(r),
      });
      const first = await waitUntil('the catch-up batch', () => env.watcher.batches.find((r) => r.catchUp));
      assert.deepEqual(first.caughtUp && { changed: first.caughtUp.changed, removed: first.caughtUp.removed }, { changed: 3, removed: 1 }, 'exactly the users changed offline, nobody else');
      assert.equal(first.users, 3);
      assert.equal(first.texts.scored, 1);
      const [va, vb, vc] = await Promise.all([a, b, c].map((u) => vectorOf(urls.analytics, u.userId)));
      assert.equal(va!.texts_scored, before[0]!.texts_scored + 1);
      assert.ok(va!.sentiment_negativity_index > before[0]!.sentiment_negativity_index);
      assert.equal(vb!.followers_count, before[1]!.followers_count + 7);
      assert.equal(vc!.num_community_categories_raw, before[2]!.num_community_categories_raw + 1);
      assert.equal(await vectorOf(urls.analytics, d.userId), undefined, 'a user who left the population loses vector and verdict');
      for (const u of [a, b, c]) assert.equal(updatesFor(env, u.userId).length, 1, 'one USER_RISK_UPDATE per changed user');
    });

    test('a negative night message changes the vector, ASI and level within seconds; NOTIFY and the WebSocket carry it', async () => {
      const env = getEnv();
      // Night share and negativity are two KPIs: under the default vote rule ('severity', three risk signals)
      // that alone is a narrow anomaly and stays moderate; with an incomplete profile it is three.
      const x = await craftUser(env.urls, { incompleteProfile: true });
      // Its rows arrive in three databases: wait until the vector has them all (messaging: last_seen_at).
      const before = await waitUntil('the new user', async () => {
        const v = await vectorOf(env.urls.analytics, x.userId);
        return v && v.last_seen_at !== null ? v : undefined;
      });
      assert.equal(updatesFor(env, x.userId)[0].payload.previous_level, null, 'new in the population');
      assert.equal(before.messages_count, 0);
      const seen = updatesFor(env, x.userId).length;

      const t0 = performance.now();
      const within = 5000 * loadFactor(); // 5 s on an idle machine
      await insertMessages(env.urls.messaging, [{ messagingId: x.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
      const v = await waitUntil('the new vector', async () => {
        const r = await vectorOf(env.urls.analytics, x.userId);
        return r?.messages_count === 1 ? r : undefined;
      }, 5000);
      assert.ok(performance.now() - t0 < within, 'within seconds');
      const update = await waitUntil('its USER_RISK_UPDATE', () => updatesFor(env, x.userId).slice(seen).find((m) => m.payload.updated_at === v.extraction_date.toISOString()));
      assert.equal(v.ratio_night_messages, 1);
      assert.ok(v.sentiment_negativity_index > 0.5, `negativity ${v.sentiment_negativity_index}`);
      assert.notEqual(v.risk_level, before.risk_level, `level moved from ${before.risk_level}`);
      assert.ok(Math.abs(v.asi - before.asi) > 1, 'ASI moved');
      assert.ok(v.severity > before.severity, `severity rose with two more KPIs on the risk side: ${before.severity} -> ${v.severity}`);
      assert.ok(v.reasons.some((r: { kpi: string; value: number; fence: number }) => r.kpi === 'ratio_night_messages' && r.value === 1 && r.fence < 1), 'the night share is a stored reason');
      assert.equal(v.cluster_label, v.risk_level);
      assert.deepEqual(Object.keys(update.payload).sort(), ['asi', 'previous_level', 'risk_level', 'severity', 'updated_at', 'user_id', 'votes']);
      assert.deepEqual([update.payload.previous_level, update.payload.risk_level, update.payload.asi, update.payload.severity, update.payload.votes], [before.risk_level, v.risk_level, v.asi, v.severity, v.votes]);
      const alerts = env.risk.messages.filter((m) => m.type === 'CRITICAL_ALERT' && m.payload.user_id === x.userId && m.payload.updated_at === update.payload.updated_at);
      assert.equal(alerts.length, v.risk_level === 'high' ? 1 : 0, 'CRITICAL_ALERT exactly when the user becomes high');
      const ws = await live.next((m) => m.type === 'USER_RISK_UPDATE' && m.payload.user_id === x.userId && m.payload.updated_at === update.payload.updated_at);
      assert.equal(ws.payload.risk_level, v.risk_level);
    });

    test('after pg_terminate_backend on the listeners it reconnects and misses no change', async () => {
      const env = getEnv();
      const [y, z] = [env.users[10], env.users[11]];
      const batchesBefore = env.watcher.batches.length;
      await withClient(env.urls.messaging, (c) => c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [LISTENER_APPLICATION_NAME]));
      // Committed while the listeners are down: no NOTIFY reaches watch, the catch-up after LISTEN must.
      await insertMessages(env.urls.messaging, [{ messagingId: y.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
      await waitUntil('a catch-up after the reconnect', () => env.watcher.batches.slice(batchesBefore).some((b) => b.catchUp));
      await insertMessages(env.urls.messaging, [{ messagingId: z.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
      await waitUntil('both users updated', () => updatesFor(env, y.userId).length > 0 && updatesFor(env, z.userId).length > 0);
      const counts = await messageCounts(env.urls, [y, z]);
      for (const u of [y, z]) assert.equal((await vectorOf(env.urls.analytics, u.userId))!.messages_count, counts.get(u.userId));
    });

    test('a bad notification payload is logged and skipped', async () => {
      const env = getEnv();
      const v = env.users[12];
      await withClient(env.urls.messaging, async (c) => {
        await c.query(`SELECT pg_notify('aura_changes', 'not json')`);
        await c.query(`SELECT pg_notify('aura_changes', '{"table":"messages","op":"INSERT","key":"1","ref":"messaging_user","id":"-1; DROP TABLE x"}')`);
      });
      await insertMessages(env.urls.messaging, [{ messagingId: v.messagingId, content: 'hola a todos', createdAt: new Date() }]);
      await waitUntil('the valid change', () => updatesFor(env, v.userId).length > 0);
      assert.equal(env.watcher.errors.length, 0);
    });

    test('a failing batch commits nothing, leaves its watermarks, and is retried', async () => {
      const env = getEnv();
      const p = env.users[13];
      const readMark = () => withClient(env.urls.analytics, async (c) => (await c.query(`SELECT last_value, last_keys FROM etl_watermarks WHERE source = 'post'`)).rows[0]);
      const markBefore = await readMark();
      const before = (await vectorOf(env.urls.analytics, p.userId))!;
      env.failing = true;
      const errors = env.watcher.errors.length;
      await withClient(env.urls.social, (c) => c.query('INSERT INTO posts (user_id, content) VALUES ($1, $2)', [p.userId, NEGATIVE_TEXT]));
      await waitUntil('two failed attempts', () => env.watcher.errors.length >= errors + 2);
      assert.deepEqual(await readMark(), markBefore, 'the watermark did not move');
      assert.equal((await vectorOf(env.urls.analytics, p.userId))!.texts_scored, before.texts_scored);
      env.failing = false;
      await waitUntil('the retried batch', async () => ((await vectorOf(env.urls.analytics, p.userId))!.texts_scored === before.texts_scored + 1 ? true : undefined));
      assert.notDeepEqual(await readMark(), markBefore);
    });

    test('a message committed while a batch is in flight is counted in the vector only together with its score', async () => {
      const env = getEnv();
      const u = env.users[14];
      const before = (await vectorOf(env.urls.analytics, u.userId))!;
      // The batch of the first message: once its texts are stored a second message commits, before its users are read.
      let ran = false;
      env.midBatch = {
        when: (set) => set.messagingUsers.has(u.messagingId),
        run: async () => {
          await insertMessages(env.urls.messaging, [{ messagingId: u.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
          ran = true;
        },
      };
      // That batch's result holds until the test has read it: the next batches fail before COMMIT (and are retried).
      let mid: BatchResult | undefined;
      env.onBatch = (r) => {
        if (!ran || mid) return;
        mid = r;
        env.failing = true;
      };
      try {
        await insertMessages(env.urls.messaging, [{ messagingId: u.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
        await waitUntil('the batch with a message committed mid-way', () => mid);
        const v = (await vectorOf(env.urls.analytics, u.userId))!;
        assert.equal(v.texts_scored - before.texts_scored, 1, 'the batch scored the message it read');
        assert.equal(v.messages_count - before.messages_count, 1, 'and counted that one only: the other has no score yet');
      } finally {
        env.onBatch = undefined;
        env.failing = false;
      }
      const after = await waitUntil('the next batch', async () => {
        const v = (await vectorOf(env.urls.analytics, u.userId))!;
        return v.texts_scored === before.texts_scored + 2 ? v : undefined;
      });
      assert.equal(after.messages_count, before.messages_count + 2);
    });
  });
}
