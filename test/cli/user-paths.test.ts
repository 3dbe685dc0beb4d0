// File system errors on paths the user gave (--out, --in): exit 2 with one plain line, before any database is opened.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dbEnv, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

/** Nothing listens there: a command that reached a database would fail with exit 1, not 2. */
const url = (db: string) => `postgres://u:p@127.0.0.1:9/${db}`;
const env = dbEnv({ analytics: url('a'), auth: url('b'), social: url('c'), messaging: url('d') });

test('extract --out on an existing file, load --in on a folder without vectors.csv or manifest: exit 2, one line', async () => {
  const dir = tempDir('aura-paths-');
  writeFileSync(join(dir, 'a-file'), 'x');
  const out = await runCli(['extract', '--out', join(dir, 'a-file')], env, dir);
  assert.equal(out.code, 2, out.stderr);
  assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
  assert.match(out.stderr, /a-file: already exists and is not a folder \(EEXIST on mkdir\)/);
  const nested = await runCli(['transform', '--in', join(dir, 'nowhere'), '--out', join(dir, 'a-file', 'sub')], env, dir);
  assert.equal(nested.code, 2, nested.stderr);
  assert.equal(nested.stderr.trim().split('\n').length, 1, nested.stderr);
  mkdirSync(join(dir, 'half'));
  writeFileSync(join(dir, 'half', 'manifest.json'), JSON.stringify({ kind: 'aura-miner-transform', version: 1, referenceTime: '2026-01-01T00:00:00Z', nlpModel: 'm', users: 0, oneHotColumns: [], params: [], texts: {}, watermarks: {}, files: { vectors: { file: 'vectors.csv', rows: 0, sha256: '0'.repeat(64) }, scores: { file: 'scores.csv', rows: 0, sha256: '0'.repeat(64) } } }));
  const load = await runCli(['load', '--in', join(dir, 'half')], env, dir);
  assert.equal(load.code, 2, load.stderr);
  assert.equal(load.stderr, `aura-miner: ${join(dir, 'half')} has no vectors.csv (manifest.json lists it): copy the whole transform folder\n`);
  const none = await runCli(['load', '--in', join(dir, 'empty')], env, dir);
  assert.equal(none.code, 2, none.stderr);
  assert.equal(none.stderr.trim().split('\n').length, 1, none.stderr);
});
