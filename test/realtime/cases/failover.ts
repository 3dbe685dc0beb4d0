// Failover cases: a standby takes over from a killed watcher, SIGTERM exits 0, and a restarted server loses nothing.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { withClient } from '../../support/crafted-sources.js';
import { dbEnv } from '../../support/run-cli.js';
import { messageCounts } from '../watch-checks.js';
import { insertMessages, limaNight, NEGATIVE_TEXT, startWatcher, startWatchServer, vectorOf, waitUntil, type RunningWatcher, type SourceUser, type WatchEnv } from '../watch-fixture.js';

interface WatchProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout: () => string;
  /** Its warnings and errors (LOG_LEVEL=warn), shown when a wait on it times out. */
  stderr: () => string;
}

/** `aura-miner watch` in its own process, as an operator runs it. */
function spawnWatch(env: WatchEnv, instance: string): WatchProcess {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), 'watch', '--json', '--debounce-ms', '100', '--stats-interval', '1', '--instance', instance], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...dbEnv(env.urls) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), stdout: () => out, stderr: () => err };
}

export function describeFailover(getEnv: () => WatchEnv): void {
  describe('failover', () => {
    const procs: WatchProcess[] = [];
    let standbyOf: Record<string, string> = {};
    let d: RunningWatcher | undefined;
    after(async () => {
      for (const p of procs) p.child.kill('SIGKILL');
      await d?.stop().catch(() => {});
    });

    const state = () => withClient(getEnv().urls.analytics, async (c) => (await c.query('SELECT instance, state, last_batch_at FROM watch_state')).rows[0]);
    const lastBatch = () => withClient(getEnv().urls.analytics, async (c) => (await c.query('SELECT instance FROM watch_batches ORDER BY batch_id DESC LIMIT 1')).rows[0]);
    const lands = async (u: SourceUser) => {
      const { urls } = getEnv();
      await insertMessages(urls.messaging, [{ messagingId: u.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() }]);
      const expected = (await messageCounts(urls, [u])).get(u.userId);
      await waitUntil(`the message of ${u.messagingId}`, async () => ((await vectorOf(urls.analytics, u.userId))?.messages_count === expected ? true : undefined));
    };

    test('of two watchers one is active, the other stands by and takes over when the active one is killed', async () => {
      const env = getEnv();
      // Started together (a process start costs seconds here): whichever takes the watch lock first is active.
      procs.push(spawnWatch(env, 'A'), spawnWatch(env, 'B'));
      const first = await waitUntil('one active and caught up', async () => {
        const s = await state();
        return s && s.state === 'running' && s.last_batch_at ? (s.instance as string) : undefined;
      }, 30_000).catch(async (err: Error) => {
        const logs = procs.map((p, i) => `${['A', 'B'][i]} (exit ${p.child.exitCode}): ${p.stderr().slice(-2000)}`).join('\n');
        throw new Error(`${err.message}; watch_state ${JSON.stringify(await state())}\n${logs}`);
      });
      standbyOf = { A: 'B', B: 'A' };
      await lands(env.users[20]);
      assert.equal((await lastBatch()).instance, first);

      const killed = procs.find((_, i) => ['A', 'B'][i] === first)!;
      killed.child.kill('SIGKILL');
      await killed.exited;
      await lands(env.users[21]);
      assert.equal((await lastBatch()).instance, standbyOf[first], 'the standby took over');
      assert.equal((await state()).instance, standbyOf[first]);
    });

    test('SIGTERM finishes the batch in flight and exits 0; the next watcher picks up the rest', async () => {
      const env = getEnv();
      const activeName = (await state()).instance as string;
      const active = procs[activeName === 'A' ? 0 : 1];
      const burst = env.users.slice(30, 330);
      const ids = await insertMessages(env.urls.messaging, burst.map((u) => ({ messagingId: u.messagingId, content: NEGATIVE_TEXT, createdAt: limaNight() })));
      await new Promise((r) => setTimeout(r, 150)); // the debounce window closes: a batch is in flight
      active.child.kill('SIGTERM');
      assert.equal(await active.exited, 0);
      assert.equal(JSON.parse(active.stdout()).instance, activeName);
      assert.equal((await state()).state, 'stopped');

      d = startWatcher(env.config, env.urls, { instance: 'D' });
      const scored = () => withClient(env.urls.analytics, async (c) => Number((await c.query('SELECT count(*) AS n FROM text_sentiment_scores WHERE source_id = 3 AND text_id = ANY($1::bigint[])', [ids])).rows[0].n));
      await waitUntil('every message of the burst scored', async () => ((await scored()) === ids.length ? true : undefined), 15_000);
      const counts = await messageCounts(env.urls, burst);
      await waitUntil('every vector of the burst current', async () => {
        const rows = await withClient(env.urls.analytics, async (c) => (await c.query<{ id: string; n: number }>('SELECT user_id_raiz::text AS id, messages_count AS n FROM user_feature_vector WHERE user_id_raiz = ANY($1::uuid[])', [burst.map((u) => u.userId)])).rows);
        return rows.length === burst.length && rows.every((r) => r.n === counts.get(r.id)) ? true : undefined;
      });
    });

    test('a restarted server: listeners and lock come back with backoff, and the catch-up misses nothing', async () => {
      const env = getEnv();
      const before = d!.batches.length;
      const port = env.server.port;
      await env.server.stop();
      await new Promise((r) => setTimeout(r, 500));
      Object.assign(env, await startWatchServer(env.dir, port));
      // Committed as soon as the server is back, likely before watch listens again: the catch-up must find it.
      await lands(env.users[400]);
      await waitUntil('a catch-up after the restart', () => d!.batches.slice(before).some((b) => b.catchUp));
      await lands(env.users[401]);
      assert.equal(d!.active(), true);
      assert.equal((await lastBatch()).instance, 'D');
    });
  });
}
