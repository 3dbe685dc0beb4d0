// Runs every command of the Dockerfile on a copy of the production install (no Docker here), then the image's entrypoint.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { DOCKERFILE, DOCKERIGNORE } from './deploy-files.js';
import { parseDockerignore } from './dockerignore.js';
import { parseDockerfile } from './dockerfile-model.js';
import { buildWithoutDocker, checkoutNodeModules, type BuiltImage } from './image-build.js';

const out = mkdtempSync(join(tmpdir(), 'aura-image-'));
let image: BuiltImage;

/** Runs the image as `docker run IMAGE ...args` would: entrypoint on PATH, the image's env and user. */
function runImage(args: string[], command = [...image.entrypoint, ...args]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const asRoot = process.getuid?.() === 0;
  const [uid, gid] = (image.user ?? '').split(':').map(Number);
  const home = join(out, 'home');
  mkdirSync(home, { recursive: true, mode: 0o777 });
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), {
      cwd: join(image.root, image.workdir),
      env: { ...image.env, HOME: home, PATH: `${join(image.root, 'usr/local/bin')}:${process.env.PATH}` },
      // As root (CI), run as the image's non-root user: the code it cannot write must still run.
      ...(asRoot && uid ? { uid, gid } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the image, built without Docker from the Dockerfile', () => {
  before(async () => {
    chmodSync(out, 0o755);
    const model = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
    const ignore = parseDockerignore(readFileSync(DOCKERIGNORE, 'utf8'));
    image = await buildWithoutDocker(model, { context: PACKAGE_ROOT, ignore, out, overrides: [checkoutNodeModules(PACKAGE_ROOT)] });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  test('every RUN ran for real, except the dev install the checkout already has', () => {
    const replaced = image.ran.filter((r) => r.override);
    assert.deepEqual(replaced.map((r) => `${r.stage}: ${r.command}`), ['build: npm ci --ignore-scripts --no-audit --no-fund']);
    assert.ok(image.ran.some((r) => /npm ci --omit=dev/.test(r.command) && !r.override), 'the production install ran');
  });

  test('the runtime holds production dependencies and compiled code only', () => {
    const app = join(image.root, 'app');
    for (const p of ['dist/src/cli/index.js', 'src/server/dashboard/index.html', 'bin/aura-miner.js', 'migrations', 'sql/extract', 'node_modules/pg', 'node_modules/onnxruntime-node/bin/napi-v6/linux']) assert.ok(existsSync(join(app, p)), p);
    for (const p of ['node_modules/typescript', 'node_modules/@types/pg', 'node_modules/csv-parse', 'node_modules/playwright-core', 'node_modules/onnxruntime-node/bin/napi-v6/darwin', 'src/cli', 'src/etl', 'test', 'dist/test', '.env']) {
      assert.ok(!existsSync(join(app, p)), `${p} is in the image`);
    }
    assert.deepEqual(readdirSync(join(image.root, 'models')), ['README.md']);
  });

  test('the entrypoint with the default CMD prints the help and exits 0, as the non-root user', async () => {
    const r = await runImage(image.cmd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: aura-miner /);
    for (const c of ['migrate', 'etl', 'score', 'cluster', 'serve', 'watch']) assert.match(r.stdout, new RegExp(`\\n  ${c}\\b`));
  });

  test('commands run from the production install: a subcommand without database, the version', async () => {
    const tables = await runImage(['etl', '--list-tables']);
    assert.equal(tables.code, 0, tables.stderr);
    assert.match(tables.stdout, /\w+\t(auth|social|messaging)/);
    const version = await runImage(['--version']);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version);
  });

  test('the transformer backend loads from the production install (onnxruntime for linux only)', async () => {
    const module = join(image.root, 'app/dist/src/nlp/transformer.js');
    const r = await runImage([], [process.execPath, '--input-type=module', '-e', `await import(${JSON.stringify(module)});`]);
    assert.equal(r.code, 0, r.stderr);
  });
});
