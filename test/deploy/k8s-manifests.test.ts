// Every k8s/ manifest parses, validates against its kind's schema, and is listed by its directory's kustomization.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { isExample, isKustomization, readK8sYaml, readManifests } from './deploy-files.js';
import { validateObject } from './k8s-schema.js';

/** Kustomization fields these files may use (kustomize has no schema in the npm registry). */
const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'labels', 'commonAnnotations', 'configMapGenerator', 'patches']);

const files = readK8sYaml();
const manifests = readManifests();

describe('k8s manifests', () => {
  test('the YAML parses, one Kubernetes object or more per file', () => {
    assert.ok(files.length >= 10, `${files.length} YAML files`);
    for (const f of files) assert.ok(f.documents.length > 0, `${f.path} holds no document`);
  });

  test('each object validates against the OpenAPI schema of its kind, unknown fields included', () => {
    const problems = manifests.flatMap(({ file, doc }) => validateObject(doc).map((p) => `${file.path} ${doc.kind}/${doc.metadata?.name}: ${p}`));
    assert.deepEqual(problems, []);
  });

  test('the schema check catches a wrong type, a bad enum, a missing field and a misspelt one', () => {
    const cron = structuredClone(manifests.find(({ doc }) => doc.kind === 'CronJob')!.doc);
    cron.spec.concurrencyPolicy = 'Never';
    cron.spec.jobTemplate.spec.backoffLimit = 'two';
    cron.spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    delete cron.spec.schedule;
    cron.spec.jobTemplate.spec.template.spec.containers[0].resouces = {};
    const problems = validateObject(cron).join('\n');
    for (const p of [/concurrencyPolicy/, /backoffLimit must be integer/, /imagePullPolicy/, /schedule/, /containers\/0\/resouces: not a field/]) assert.match(problems, p);
    assert.deepEqual(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { any: 'label' } }, data: { ANY_KEY: 'v' } }), []);
  });

  test('every kustomization lists exactly the manifests of its directory, examples excepted', () => {
    const kustomizations = files.filter(isKustomization);
    assert.deepEqual(kustomizations.map((k) => k.path).sort(), ['k8s/kustomization.yaml', 'k8s/sharded/kustomization.yaml']);
    for (const k of kustomizations) {
      const [doc] = k.documents;
      assert.equal(doc!.apiVersion, 'kustomize.config.k8s.io/v1beta1', k.path);
      assert.equal(doc!.kind, 'Kustomization', k.path);
      for (const key of Object.keys(doc!)) assert.ok(KUSTOMIZATION_FIELDS.has(key), `${k.path}: unexpected field ${key}`);
      const dir = dirname(k.path);
      const own = files.filter((f) => dirname(f.path) === dir && !isKustomization(f) && !isExample(f)).map((f) => f.path.slice(dir.length + 1));
      assert.deepEqual([...doc!.resources].sort(), own.sort(), `${k.path} resources`);
      for (const r of doc!.resources as string[]) assert.ok(existsSync(join(PACKAGE_ROOT, dir, r)), `${k.path}: ${r} does not exist`);
    }
  });

  test('example files are never applied: no kustomization lists them', () => {
    const examples = files.filter(isExample).map((f) => f.path);
    assert.deepEqual(examples, ['k8s/secret.example.yaml']);
    const listed = files.filter(isKustomization).flatMap((k) => (k.documents[0]!.resources as string[]).map((r) => join(dirname(k.path), r)));
    for (const e of examples) assert.ok(!listed.includes(e), `${e} is listed by a kustomization`);
  });
});
