// Issue 8's multi-pod run as processes with a pod's env (JOB_COMPLETION_INDEX): one shard killed and retried, aggregate = unsharded etl.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { withClient } from '../support/crafted-sources.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { dbEnv, runCli, type CliResult } from '../support/run-cli.js';
import { startPod } from './pod-process.js';

const SHARDS = 4;
const KILLED = 2;
const REFERENCE = '2026-06-01T12:00:00.000Z';
let whole: TestDatabases;
let sharded: TestDatabases;
let podEnv: (index: number) => Record<string, string>;

/** As the Job controller retries a failed index: again while PostgreSQL has not yet dropped the dead pod's session (exit 3). */
async function retryIndex(index: number): Promise<CliResult> {
  for (let attempt = 0; ; attempt++) {
    const r = await runCli(['score', '--json'], podEnv(index));
    if (r.code !== 3 || attempt === 20) return r;
    await sleep(250);
  }
}

const rows = (url: string, sql: string) => withClient(url, async (c) => (await c.query(sql)).rows);
const vectors = async (url: string) => (await rows(url, 'SELECT * FROM user_feature_vector ORDER BY user_id_raiz')).map(({ run_id, ...rest }) => rest);
const scores = (url: string) => rows(url, 'SELECT source_id, text_id, user_id, score, text_updated_at FROM text_sentiment_scores ORDER BY source_id, text_id');
/** By model name: model_id is a surrogate key, and pods registering the model at once may skip a sequence value. */
const negativitySums = (url: string) =>
  rows(url, 'SELECT m.name, n.user_id, n.score_sum_micro, n.texts FROM user_text_negativity n JOIN nlp_models m USING (model_id) ORDER BY 1, 2');

describe('multi-pod scoring, simulated with processes', () => {
  before(async () => {
    whole = await createTestDatabases();
    sharded = await createTestDatabases();
    await seedDatabases(whole, { users: 1500, seed: 8, referenceTime: new Date(REFERENCE) });
    const shardedEnv = dbEnv({ ...whole, analytics: sharded.analytics });
    podEnv = (index) => ({ ...shardedEnv, JOB_COMPLETION_INDEX: String(index), AURA_SHARD_COUNT: String(SHARDS) });
    for (const env of [dbEnv(whole), shardedEnv]) {
      const migrated = await runCli(['migrate'], env);
      assert.equal(migrated.code, 0, migrated.stderr);
    }
  });
  after(async () => {
    await whole.drop();
    await sharded.drop();
    await stopTestServer();
  });

  test(`${SHARDS} pods, pod ${KILLED} killed and re-run alone, then the aggregate: equal to one unsharded etl, no duplicates`, async () => {
    const unsharded = await runCli(['etl', '--reference-time', REFERENCE, '--json'], dbEnv(whole));
    assert.equal(unsharded.code, 0, unsharded.stderr);

    const pods = Array.from({ length: SHARDS }, (_, i) => i);
    const dying = startPod(['score'], podEnv(KILLED));
    const [killed, ...finished] = await Promise.all([
      dying.waitForLog(/scoring started/).then(() => dying.stop('SIGKILL')),
      ...pods.filter((i) => i !== KILLED).map((i) => runCli(['score', '--json'], podEnv(i))),
    ]);
    assert.equal(killed.signal, 'SIGKILL', 'the pod died while scoring');
    for (const r of finished) assert.equal(r.code, 0, r.stderr);
    const stored = await rows(sharded.analytics, 'SELECT count(*)::int AS n FROM text_sentiment_scores');

    const retried = await retryIndex(KILLED);
    assert.equal(retried.code, 0, retried.stderr);
    const retry = JSON.parse(retried.stdout);
    assert.deepEqual(retry.shard, { index: KILLED, count: SHARDS });
    assert.ok(retry.texts.scored > 0, 'the killed pod had stored nothing: its index is scored by the retry');
    const scoredByPods = [...finished.map((r) => JSON.parse(r.stdout).texts.scored as number), retry.texts.scored as number];
    assert.equal(scoredByPods.reduce((a, b) => a + b, 0), JSON.parse(unsharded.stdout).texts.scored, 'the shards split the texts, none twice');
    const after = await rows(sharded.analytics, 'SELECT count(*)::int AS n FROM text_sentiment_scores');
    assert.equal(after[0].n - stored[0].n, retry.stored, 'the retry added exactly its own scores');

    const aggregate = await runCli(['etl', '--skip-scoring', '--reference-time', REFERENCE], dbEnv({ ...whole, analytics: sharded.analytics }));
    assert.equal(aggregate.code, 0, aggregate.stderr);
    assert.deepEqual(await scores(sharded.analytics), await scores(whole.analytics));
    assert.deepEqual(await negativitySums(sharded.analytics), await negativitySums(whole.analytics));
    assert.deepEqual(await vectors(sharded.analytics), await vectors(whole.analytics));

    const again = await runCli(['score', '--json'], podEnv(KILLED));
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).texts.scored, 0, 'a finished index scores nothing on a second run');
  });
});
