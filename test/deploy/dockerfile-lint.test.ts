// The Dockerfile passes the dockerfile-utils linter and the image rules of issue 8; .dockerignore keeps secrets out.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { DOCKERFILE, DOCKERIGNORE } from './deploy-files.js';
import { isIgnored, parseDockerignore } from './dockerignore.js';
import { lastOf, parseDockerfile } from './dockerfile-model.js';
import { IMAGE_NODE_MAJOR, SUPPORTED_NODE_MAJORS } from '../../tools/platforms.js';

const text = readFileSync(DOCKERFILE, 'utf8');
const model = parseDockerfile(text);
const ignore = parseDockerignore(readFileSync(DOCKERIGNORE, 'utf8'));
const stageNames = new Set(model.stages.map((s) => s.name));
const all = model.stages.flatMap((s) => s.instructions.map((i) => ({ stage: s.name, ...i })));
const runs = all.filter((i) => i.keyword === 'RUN');
const E = ValidationSeverity.ERROR;

describe('Dockerfile', () => {
  test('dockerfile-utils finds no problem, every check raised to an error', () => {
    const settings = { deprecatedMaintainer: E, directiveCasing: E, emptyContinuationLine: E, instructionCasing: E, instructionCmdMultiple: E, instructionEntrypointMultiple: E, instructionHealthcheckMultiple: E, instructionJSONInSingleQuotes: E, instructionWorkdirRelative: E };
    const problems = validate(text, settings).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(problems, []);
    const bad = validate("from node:20\nCOPY --frm=x a b\nWORKDIR app\nENTRYPOINT ['a']\n", settings).map((d) => d.message).join('\n');
    for (const p of [/uppercase/, /Unknown flag: frm/, /absolute/, /single quotes/]) assert.match(bad, p);
  });

  test('base images are pinned slim images of the newest supported Node.js LTS, which engines allows; the other FROMs earlier stages', () => {
    for (const s of model.stages) {
      if (stageNames.has(s.base)) continue;
      const m = /^node:(\d+)\.\d+(\.\d+)?-(trixie|bookworm)-slim$/.exec(s.base);
      assert.ok(m, `${s.name}: FROM ${s.base} is not a pinned Debian slim Node image`);
      assert.equal(Number(m[1]), IMAGE_NODE_MAJOR, `${s.name}: FROM ${s.base}`);
    }
    const engines = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).engines.node as string;
    for (const major of SUPPORTED_NODE_MAJORS) assert.ok(enginesAllow(engines, major), `engines ${engines} allows Node ${major}`);
    for (const major of [18, 20, 21, 23]) assert.ok(!enginesAllow(engines, major), `engines ${engines} refuses Node ${major} (end of life)`);
  });

  test('multi-stage: the runtime gets dist/src from a build stage and node_modules from `npm ci --omit=dev`', () => {
    assert.ok(model.stages.length >= 3);
    const copies = model.final.instructions.filter((i) => i.keyword === 'COPY' && i.flags.from);
    const modules = copies.find((c) => c.args.at(-1)!.startsWith('node_modules'))!;
    const depsRun = runs.filter((r) => r.stage === modules.flags.from).map((r) => r.text).join('\n');
    assert.match(depsRun, /npm ci --omit=dev/);
    const built = copies.find((c) => c.args[0]!.includes('dist'))!;
    assert.equal(built.args[0], '/app/dist/src/', 'only the compiled src/, not tests or benchmarks');
    for (const r of model.final.instructions.filter((i) => i.keyword === 'RUN')) assert.doesNotMatch(r.text, /npm (ci|install)/, 'no install in the runtime stage');
  });

  test('no install script runs, nothing is installed by `npm install`, no ADD', () => {
    for (const r of runs.filter((r) => /\bnpm (ci|i|install)\b/.test(r.text))) assert.match(r.text, /npm ci .*--ignore-scripts/, `line ${r.line}`);
    assert.equal(all.filter((i) => i.keyword === 'ADD').length, 0);
  });

  test('non-root user, exec-form ENTRYPOINT aura-miner on PATH, --help by default', () => {
    const user = lastOf(model.final, 'USER')?.args[0] ?? '';
    assert.match(user, /^[1-9]\d*:[1-9]\d*$/, 'a numeric non-root uid:gid (runAsNonRoot can verify it)');
    assert.deepEqual(lastOf(model.final, 'ENTRYPOINT')?.json, ['aura-miner']);
    assert.deepEqual(lastOf(model.final, 'CMD')?.json, ['--help']);
    assert.ok(runs.some((r) => r.stage === model.final.name && /ln -s \/app\/bin\/aura-miner\.js \/usr\/local\/bin\/aura-miner/.test(r.text)));
  });

  test('no secret in a layer: no sensitive ENV or ARG, no .env copied', () => {
    for (const i of all.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')) {
      for (const a of i.args) assert.doesNotMatch(a.split('=')[0]!, /DATABASE_URL|TOKEN|PASSWORD|SECRET|KEY/i, `line ${i.line}`);
    }
    for (const c of all.filter((i) => i.keyword === 'COPY')) for (const src of c.args.slice(0, -1)) assert.doesNotMatch(src, /\.env\b/, `line ${c.line}`);
  });

  test('the model folder: /models from MODEL_DIR, whose default exists in the context', () => {
    const modelCopy = model.final.instructions.find((i) => i.keyword === 'COPY' && i.args.at(-1) === '/models/')!;
    assert.ok(modelCopy, 'COPY ... /models/');
    const dir = modelCopy.args[0]!.replace(/\/$/, '');
    assert.ok(existsSync(join(PACKAGE_ROOT, dir)), `${dir} exists`);
    assert.ok(!isIgnored(ignore, dir) && !isIgnored(ignore, 'models/tiny-sentiment-es/config.json'), 'the default and models/<folder> reach the context');
  });
});

describe('.dockerignore', () => {
  test('every file the Dockerfile copies from the context is in it', () => {
    for (const c of all.filter((i) => i.keyword === 'COPY' && !i.flags.from)) {
      for (const src of c.args.slice(0, -1)) assert.ok(!isIgnored(ignore, src), `line ${c.line}: ${src} is excluded`);
    }
  });

  test('secrets, dependencies, builds, tests and local data stay out', () => {
    const out = ['.env', 'src/.env', '.env.production', '.git/config', 'node_modules/pg/package.json', 'dist/src/cli/index.js', 'test/deploy/x.ts',
      'bench/results/etl-100000.json', 'out/charts/a.svg', 'scratch/a.mts', '.cache/x', 'k8s/secret.example.yaml', 'deploy/crontab', 'src/a.log', 'certs/db.pem'];
    for (const p of out) assert.ok(isIgnored(ignore, p), `${p} would reach the build context`);
  });

  test('the matcher follows Docker: last match wins, parents match, ** spans folders', () => {
    const rules = parseDockerignore('*\n!src\nsrc/**/secret*\n!src/keep/secret.txt\n');
    assert.equal(isIgnored(rules, 'README.md'), true);
    assert.equal(isIgnored(rules, 'src/a/b.ts'), false);
    assert.equal(isIgnored(rules, 'src/a/secret.json'), true);
    assert.equal(isIgnored(rules, 'src/keep/secret.txt'), false);
  });
});

/** Whether an engines range of `^N...` and `>=N...` alternatives admits a major release. */
function enginesAllow(range: string, major: number): boolean {
  return range.split('||').some((r) => {
    const m = /^\s*(\^|>=)\s*(\d+)/.exec(r);
    if (!m) throw new Error(`engines alternative ${r} is neither ^N nor >=N`);
    return m[1] === '^' ? major === Number(m[2]) : major >= Number(m[2]);
  });
}
