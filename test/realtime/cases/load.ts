// Load cases: a burst of 5,000 changes, a full etl + cluster beside watch, watch_state, stopping the live watcher.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCluster } from '../../../src/cluster/run-cluster.js';
import { BusyError } from '../../../src/errors.js';
import { runEtl } from '../../../src/etl/pipeline.js';
import { silentProgress } from '../../../src/progress.js';
import { withClient } from '../../support/crafted-sources.js';
import { messageCounts, scoreSumsAgree, staleVectors } from '../watch-checks.js';
import { insertMessages, limaNight, logger, NEGATIVE_TEXT, waitUntil, type SourceUser, type WatchEnv } from '../watch-fixture.js';

const lastBatchId = (url: string) => withClient(url, async (c) => Number((await c.query('SELECT coalesce(max(batch_id), 0) AS b FROM watch_batches')).rows[0].b));

export function describeLoad(getEnv: () => WatchEnv): void {
  describe('load', () => {
    test('a burst of 5,000 changes is processed without loss: users updated = users changed', async () => {
      const env = getEnv();
      const { urls, users } = env;
      const cutoff = await lastBatchId(urls.analytics);
      const active = users.filter((u) => u !== users[3]); // users[3] left the population in the first test
      const rows = Array.from({ length: 5000 }, (_, i) => ({ messagingId: active[(i * 7919) % active.length].messagingId, content: `${NEGATIVE_TEXT} ${i}`, createdAt: limaNight(i % 5) }));
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 500) ids.push(...(await insertMessages(urls.messaging, rows.slice(i, i + 500))));
      const changed = new Set(rows.map((r) => users.find((u) => u.messagingId === r.messagingId)!.userId));
      const updated = () =>
        withClient(urls.analytics, async (c) => (await c.query<{ id: string }>('SELECT DISTINCT user_id_raiz::text AS id FROM user_feature_history WHERE run_id > $1', [cutoff])).rows.map((r) => r.id));
      const scored = () => withClient(urls.analytics, async (c) => Number((await c.query('SELECT count(*) AS n FROM text_sentiment_scores WHERE source_id = 3 AND text_id = ANY($1::bigint[])', [ids])).rows[0].n));
      // A user is written with their first message and again with later ones: done when every message is scored.
      await waitUntil('every message scored and every changed user written', async () => ((await scored()) === 5000 && (await updated()).length >= changed.size ? true : undefined), 30_000);
      assert.deepEqual((await updated()).sort(), [...changed].sort());
      const counts = await messageCounts(urls, users.filter((u) => changed.has(u.userId)));
      // Scores commit with the batch that read them; a user beyond that batch's 500 is written by the next one.
      await waitUntil('every changed vector current', async () => {
        const rows = await withClient(urls.analytics, async (c) => (await c.query<{ id: string; n: number }>('SELECT user_id_raiz::text AS id, messages_count AS n FROM user_feature_vector WHERE user_id_raiz = ANY($1::uuid[])', [[...changed]])).rows);
        return rows.length === changed.size && rows.every((r) => r.n === counts.get(r.id)) ? true : undefined;
      });
      assert.ok(env.watcher.batches.filter((b) => b.batchId > cutoff).length >= 3, 'split into batches of at most 500 users');
    });

    test('a full etl and cluster beside watch: nothing lost, nothing counted twice', async () => {
      const { urls, users, config } = getEnv();
      const touched = new Map<string, SourceUser>();
      const inserted: number[] = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const batch = Array.from({ length: 10 }, (_, k) => users[(i * 31 + k * 97) % users.length]);
          batch.forEach((u) => touched.set(u.userId, u));
          inserted.push(...(await insertMessages(urls.messaging, batch.map((u) => ({ messagingId: u.messagingId, content: `${NEGATIVE_TEXT} ${i}`, createdAt: limaNight(i % 3) })))));
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
      await retry(() => runEtl({ config, urls, logger, progress: silentProgress }));
      await retry(() => runCluster({ urls, logger }, { seed: 7 }));
      writing = false;
      await writer;
      const counts = await messageCounts(urls, [...touched.values()]);
      await waitUntil(
        'watch to catch up with the writer',
        async () => {
          const rows = await withClient(urls.analytics, async (c) => (await c.query<{ id: string; n: number }>('SELECT user_id_raiz::text AS id, messages_count AS n FROM user_feature_vector WHERE user_id_raiz = ANY($1::uuid[])', [[...touched.keys()]])).rows);
          return rows.length === touched.size && rows.every((r) => r.n === counts.get(r.id)) ? true : undefined;
        },
        20_000,
      );
      const scored = await withClient(urls.analytics, async (c) => Number((await c.query('SELECT count(*) AS n FROM text_sentiment_scores WHERE source_id = 3 AND text_id = ANY($1::bigint[])', [inserted])).rows[0].n));
      assert.equal(scored, inserted.length, 'every message written during the full run scored exactly once');
      assert.equal(await scoreSumsAgree(urls.analytics), true, 'per-user sums equal the stored scores (no double count)');
      assert.equal(await waitUntil('no stale vector', async () => ((await staleVectors(urls.analytics)) === 0 ? true : undefined)), true);
      const mismatched = await withClient(urls.analytics, async (c) => Number((await c.query('SELECT count(*) AS n FROM user_feature_vector v JOIN user_risk_results r USING (user_id_raiz) WHERE v.cluster_label IS DISTINCT FROM r.risk_level')).rows[0].n));
      assert.equal(mismatched, 0, 'labels and verdicts agree');
    });

    test('watch_state shows the active instance, its lag and throughput; stopping marks it stopped', async () => {
      const env = getEnv();
      const { urls } = env;
      const state = await waitUntil('stats', () =>
        withClient(urls.analytics, async (c) => {
          const r = (await c.query('SELECT * FROM watch_state')).rows[0];
          return r && r.throughput !== null && r.last_batch_at !== null ? r : undefined;
        }),
      );
      assert.equal(state.state, 'running');
      assert.ok(state.lag_seconds >= 0);
      const summary = await env.watcher.stop();
      assert.ok(summary.failedBatches >= 2);
      assert.ok(summary.users >= 1500);
      const stopped = await withClient(urls.analytics, async (c) => (await c.query('SELECT state, instance FROM watch_state')).rows[0]);
      assert.deepEqual(stopped, { state: 'stopped', instance: summary.instance });
      await env.risk.close();
      env.risk = undefined!;
    });
  });
}
