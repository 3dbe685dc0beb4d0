// The workloads do what issue 8 asks: CronJob limits, the Indexed scoring Job and its aggregate, serve and watch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readManifests, type YamlObject } from './deploy-files.js';
import { containersOf, isAuraMiner, jobSpecOf, podSpecOf } from './k8s-objects.js';

const objects = readManifests().map(({ doc }) => doc);
const one = (kind: string, name: string): YamlObject => {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  assert.equal(found.length, 1, `${kind}/${name}`);
  return found[0]!;
};
const main = (doc: YamlObject): YamlObject => podSpecOf(doc)!.containers[0];
const envValue = (c: YamlObject, name: string) => (c.env as YamlObject[] | undefined)?.find((e) => e.name === name)?.value;
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('k8s workloads', () => {
  test('CronJob: etl --cluster every few hours, never two at once, bounded retries and time, history kept', () => {
    const cron = one('CronJob', 'aura-miner-etl');
    const job = jobSpecOf(cron)!;
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.ok(cron.spec.successfulJobsHistoryLimit >= 1 && cron.spec.failedJobsHistoryLimit >= 1);
    assert.ok(Number.isInteger(job.backoffLimit) && job.backoffLimit <= 3);
    assert.ok(job.activeDeadlineSeconds > 0 && job.activeDeadlineSeconds <= 3 * 3600, 'a run ends before the next schedule');
    assert.equal(podSpecOf(cron)!.restartPolicy, 'Never');
    assert.deepEqual(main(cron).args, ['etl', '--cluster']);
    const failFast = job.podFailurePolicy.rules.find((r: YamlObject) => r.action === 'FailJob');
    assert.deepEqual(failFast.onExitCodes.values, [2, 3], 'usage/config and busy/nothing-to-do are not retried');
  });

  test('Indexed Job: one shard per completion index, then the aggregate step', () => {
    const score = one('Job', 'aura-miner-score');
    assert.equal(score.spec.completionMode, 'Indexed');
    assert.ok(score.spec.parallelism >= 2);
    assert.equal(score.spec.parallelism, score.spec.completions);
    assert.equal(envValue(main(score), 'AURA_SHARD_COUNT'), String(score.spec.completions), 'AURA_SHARD_COUNT = completions');
    assert.deepEqual(main(score).args, ['score'], 'the shard comes from JOB_COMPLETION_INDEX, not a flag');
    assert.ok(score.spec.backoffLimitPerIndex >= 1, 'a failed shard is retried alone');
    assert.equal(podSpecOf(score)!.restartPolicy, 'Never');
    const aggregate = one('Job', 'aura-miner-aggregate');
    assert.deepEqual(main(aggregate).args.slice(0, 2), ['etl', '--skip-scoring']);
    assert.equal(podSpecOf(aggregate)!.restartPolicy, 'Never');
  });

  test('serve: 2 replicas, probes on the status endpoint and /healthz, graceful stop, one port everywhere', () => {
    const serve = one('Deployment', 'aura-miner-serve');
    const c = main(serve);
    const pod = podSpecOf(serve)!;
    assert.equal(serve.spec.replicas, 2);
    assert.ok(labelsMatch(serve.spec.selector.matchLabels, serve.spec.template.metadata.labels));
    assert.equal(c.readinessProbe.httpGet.path, '/api/v2/clustering/status');
    assert.equal(c.livenessProbe.httpGet.path, '/healthz');
    assert.ok(pod.terminationGracePeriodSeconds >= 10);
    assert.ok(c.lifecycle.preStop, 'preStop lets the endpoints drop the pod before SIGTERM');
    const port = Number(c.args[c.args.indexOf('--port') + 1]);
    const named = c.ports.find((p: YamlObject) => p.containerPort === port);
    assert.ok(named, `containerPort ${port}`);
    for (const probe of [c.readinessProbe, c.livenessProbe]) assert.ok([port, named.name].includes(probe.httpGet.port));
    const service = one('Service', 'aura-miner-serve');
    assert.ok(labelsMatch(service.spec.selector, serve.spec.template.metadata.labels));
    assert.ok(service.spec.ports.every((p: YamlObject) => [port, named.name].includes(p.targetPort)));
    const pdb = one('PodDisruptionBudget', 'aura-miner-serve');
    assert.ok(labelsMatch(pdb.spec.selector.matchLabels, serve.spec.template.metadata.labels));
    assert.ok(pdb.spec.minAvailable < serve.spec.replicas, 'a drain can still proceed');
  });

  test('NetworkPolicy: only the dashboard namespace reaches serve, on its port', () => {
    const serve = one('Deployment', 'aura-miner-serve');
    const policy = one('NetworkPolicy', 'aura-miner-serve');
    assert.ok(labelsMatch(policy.spec.podSelector.matchLabels, serve.spec.template.metadata.labels));
    assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    assert.equal(policy.spec.ingress.length, 1);
    const [rule] = policy.spec.ingress;
    assert.deepEqual(rule.from, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'aura-dashboard' } } }]);
    assert.deepEqual(rule.ports, [{ protocol: 'TCP', port: main(serve).ports[0].containerPort }]);
  });

  test('watch: 2 replicas (one active, one standby by advisory lock)', () => {
    const watch = one('Deployment', 'aura-miner-watch');
    assert.equal(watch.spec.replicas, 2);
    assert.deepEqual(main(watch).args, ['watch']);
    assert.ok(labelsMatch(watch.spec.selector.matchLabels, watch.spec.template.metadata.labels));
  });

  test('every workload touching the database migrates first, in an init container', () => {
    for (const doc of objects.filter((o) => podSpecOf(o) && o.metadata.name !== 'aura-miner-aggregate')) {
      const init = containersOf(podSpecOf(doc)!).filter(({ where }) => where.startsWith('initContainers'));
      assert.deepEqual(init.map(({ container }) => isAuraMiner(container) && container.args), [['migrate']], doc.metadata.name);
    }
  });
});
