// Configuration and hardening of every aura-miner container: secrets by key, valid settings, non-root, one image tag.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CONFIG_KEYS, resolveConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { DOCKERFILE, readK8sYaml, readManifests, type YamlObject } from './deploy-files.js';
import { lastOf, parseDockerfile } from './dockerfile-model.js';
import { containersOf, isAuraMiner, podSpecOf } from './k8s-objects.js';

const manifests = readManifests();
const objects = manifests.map(({ doc }) => doc);
const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
const secret = manifests.find(({ file, doc }) => doc.kind === 'Secret' && file.path === 'k8s/secret.example.yaml')!.doc;
const DATABASE_URLS = ['DATABASE_URL_ANALYTICS', 'DATABASE_URL_AUTH', 'DATABASE_URL_SOCIAL', 'DATABASE_URL_MESSAGING'];
const SENSITIVE = /DATABASE_URL|TOKEN|PASSWORD|SECRET/;

const workloads = objects.filter((o) => podSpecOf(o));
const containers = workloads.flatMap((doc) => containersOf(podSpecOf(doc)!).map((c) => ({ name: `${doc.metadata.name} ${c.where}`, pod: podSpecOf(doc)!, ...c })));

describe('k8s configuration', () => {
  test('every container runs the aura-miner image with the tag the kustomizations set', () => {
    const tags = readK8sYaml()
      .filter((f) => f.path.endsWith('kustomization.yaml'))
      .map((k) => k.documents[0]!.images.find((i: YamlObject) => i.name === 'aura-miner'));
    for (const image of tags) assert.ok(image?.newTag, 'kustomization images: aura-miner newTag');
    for (const { name, container } of containers) {
      assert.ok(isAuraMiner(container), name);
      for (const t of tags) assert.equal(container.image, `aura-miner:${t.newTag}`, `${name}: same tag as the kustomizations`);
    }
  });

  test('database URLs and tokens come from the Secret by key, never as literal values', () => {
    const secretKeys = Object.keys(secret.stringData);
    for (const { name, container } of containers) {
      const env = (container.env ?? []) as YamlObject[];
      for (const url of DATABASE_URLS) assert.ok(env.some((e) => e.name === url && e.valueFrom?.secretKeyRef), `${name}: ${url} from secretKeyRef`);
      for (const e of env) {
        if (SENSITIVE.test(e.name)) assert.equal(e.value, undefined, `${name}: ${e.name} written in the manifest`);
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) assert.ok(ref.name === secret.metadata.name && secretKeys.includes(ref.key), `${name}: ${ref.name}/${ref.key} is not in secret.example.yaml`);
      }
      for (const from of container.envFrom ?? []) assert.equal(from.configMapRef?.name, configMap.metadata.name, `${name}: envFrom only the ConfigMap`);
    }
  });

  test('the ConfigMap holds only known settings, and they resolve with the example URLs', () => {
    for (const key of Object.keys(configMap.data)) assert.ok((CONFIG_KEYS as readonly string[]).includes(key), `unknown setting ${key}`);
    const urls = Object.fromEntries(DATABASE_URLS.map((k) => [k, secret.stringData[k]]));
    const config = resolveConfig({ env: { ...configMap.data, ...urls }, cwd: '/' });
    assert.equal(config.nlp.backend, 'lexicon');
    assert.ok(config.databases);
  });

  test('the example Secret cannot be served as it is: its placeholder token is refused', () => {
    assert.throws(() => resolveConfig({ env: { ...configMap.data, AURA_API_TOKENS: secret.stringData.AURA_API_TOKENS }, cwd: '/' }), ConfigError);
  });

  test('pods run as the image user, non-root, read-only, no privilege escalation, bounded resources', () => {
    const user = lastOf(parseDockerfile(readFileSync(DOCKERFILE, 'utf8')).final, 'USER')!.args[0]!;
    const [uid, gid] = user.split(':').map(Number);
    for (const { name, pod, container } of containers) {
      assert.equal(pod.securityContext.runAsNonRoot, true, name);
      assert.equal(pod.securityContext.runAsUser, uid, `${name}: runAsUser = the Dockerfile's USER`);
      assert.equal(pod.securityContext.runAsGroup, gid, name);
      assert.equal(pod.automountServiceAccountToken, false, name);
      const sc = container.securityContext;
      assert.ok(sc.readOnlyRootFilesystem === true && sc.allowPrivilegeEscalation === false, name);
      assert.deepEqual(sc.capabilities.drop, ['ALL'], name);
      for (const kind of ['requests', 'limits']) for (const r of ['cpu', 'memory']) assert.ok(container.resources?.[kind]?.[r], `${name}: resources.${kind}.${r}`);
    }
  });
});
