// aura-miner as a library: the package imported by its name gives the core functions the CLI and server use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCluster } from '../src/cluster/run-cluster.js';
import { runEtl } from '../src/etl/pipeline.js';
import { generateSyntheticVectors } from '../tools/synthetic-vectors.js';

// A variable keeps TypeScript from resolving the name at build time (dist/ is what the name points to).
const PACKAGE_NAME = 'aura-miner';

test('importing "aura-miner" gives runEtl, runCluster and scoreVector; a fitted model judges a vector as in training', async () => {
  const lib = (await import(PACKAGE_NAME)) as typeof import('../src/index.js');
  assert.equal(lib.runEtl, runEtl, 'the same module as the CLI runs');
  assert.equal(lib.runCluster, runCluster);
  const n = 400;
  const d = 6;
  const { data } = generateSyntheticVectors(n, { seed: 3, d });
  const fitted = lib.runEnsemble(data, n, d, { seed: 1 });
  for (const i of [0, 17, 399]) {
    const verdict = lib.scoreVector(fitted.model, data.subarray(i * d, (i + 1) * d));
    assert.equal(verdict.level, fitted.level[i], `row ${i}`);
  }
  assert.throws(() => lib.resolveConfig({ env: { DATABASE_URL_ANALYTICS: 'not a url' }, cwd: '/' }), lib.ConfigError);
});
