// serve and watch run as their manifests say: the probes' endpoints answer, a standby takes over, SIGTERM ends them in the grace period.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findFreePort } from '../../src/db/embedded.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { dbEnv, runCli } from '../support/run-cli.js';
import { readManifests, type YamlObject } from './deploy-files.js';
import { podSpecOf } from './k8s-objects.js';
import { startPod } from './pod-process.js';

const objects = readManifests().map(({ doc }) => doc);
const deployment = (name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;
const configMap = objects.find((o) => o.kind === 'ConfigMap')!.data as Record<string, string>;
/** Active, then listening on the three sources. */
const ACTIVE = (log: string) => log.includes('"active watcher"') && log.slice(log.indexOf('"active watcher"')).split('listening for changes').length > 3;
let dbs: TestDatabases;
let env: Record<string, string>;

describe('serve and watch pods, as the manifests run them', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await seedDatabases(dbs, { users: 200, seed: 3, referenceTime: new Date() });
    env = { ...configMap, ...dbEnv(dbs), AURA_API_TOKENS: 'pod-lifecycle-token-0123456789' };
    for (const args of [['migrate'], ['etl', '--cluster']]) {
      const r = await runCli(args, env); // watch scores with the models of the last full run
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });

  test('serve: the probe and scrape paths answer 200, SIGTERM stops it within terminationGracePeriodSeconds', async () => {
    const serve = deployment('aura-miner-serve');
    const spec = podSpecOf(serve)!;
    const c: YamlObject = spec.containers[0];
    const port = await findFreePort();
    const args = (c.args as string[]).map((a, i, all) => (all[i - 1] === '--port' ? String(port) : a));
    const pod = startPod(args, env);
    try {
      await pod.waitForLog(/serve listening/);
      const paths = [c.startupProbe.httpGet.path, c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path, serve.spec.template.metadata.annotations['prometheus.io/path']];
      for (const path of paths) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        assert.equal(res.status, 200, `${path}: ${await res.text()}`);
      }
    } finally {
      const stopped = await pod.stop('SIGTERM', spec.terminationGracePeriodSeconds);
      assert.equal(stopped.code, 0, pod.log().slice(-2000));
      assert.ok(stopped.seconds < spec.terminationGracePeriodSeconds, `${stopped.seconds} s`);
    }
  });

  test('watch: of 2 replicas one is active, the other takes over when it stops; SIGTERM within the grace period', async () => {
    const spec = podSpecOf(deployment('aura-miner-watch'))!;
    const args = spec.containers[0].args as string[];
    const first = startPod(args, env);
    await first.waitForLog(ACTIVE);
    const second = startPod(args, env);
    try {
      await second.waitForLog(/another watcher is active: standing by/);
      const stopped = await first.stop('SIGTERM', spec.terminationGracePeriodSeconds);
      assert.equal(stopped.code, 0, first.log().slice(-2000));
      assert.ok(stopped.seconds < spec.terminationGracePeriodSeconds, `${stopped.seconds} s`);
      await second.waitForLog(ACTIVE, 15_000);
    } finally {
      await first.stop('SIGKILL');
      const stopped = await second.stop('SIGTERM', spec.terminationGracePeriodSeconds);
      assert.equal(stopped.code, 0, second.log().slice(-2000));
    }
  });
});
