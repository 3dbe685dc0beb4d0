// The compiled test files (dist/test) of the version matrices, and which of them need a database: a test file is
// database-facing when its imports (followed through the test helpers) reach the embedded server or the test
// databases, so a new integration suite joins the matrices without being listed anywhere.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const TEST_DIR = join(ROOT, 'dist', 'test');
const DATABASE_MODULES = [join(ROOT, 'dist', 'src', 'db', 'embedded.js'), join(TEST_DIR, 'support', 'databases.js')];
const BROWSER_MODULES = [join(TEST_DIR, 'support', 'browser.js')];

export interface TestFiles {
  all: string[];
  /** Reach a PostgreSQL server (run with AURA_TEST_BROWSER=off: their browser cases stay out). */
  database: string[];
  /** Every file but the browser-only ones: the unit and database suites. */
  withoutBrowser: string[];
}

export function listTestFiles(): TestFiles {
  if (!existsSync(TEST_DIR)) throw new Error('dist/test is missing: run `npx tsc -p tsconfig.json` first');
  const all = walk(TEST_DIR).filter((f) => f.endsWith('.test.js')).sort();
  const database = all.filter((f) => reaches(f, DATABASE_MODULES, new Set()));
  const withoutBrowser = all.filter((f) => database.includes(f) || !reaches(f, BROWSER_MODULES, new Set()));
  return { all, database, withoutBrowser };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function reaches(file: string, targets: string[], seen: Set<string>): boolean {
  if (targets.includes(file)) return true;
  if (seen.has(file) || !existsSync(file)) return false;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) if (reaches(resolve(dirname(file), m[1]), targets, seen)) return true;
  return false;
}

/** Runs `node --test` on the files with one more environment; resolves to its exit code. */
export function runNodeTest(node: string, files: string[], env: Record<string, string>, label: string): Promise<{ code: number; seconds: number }> {
  const started = performance.now();
  console.log(`\n== ${label}: ${files.length} test files (${files.map((f) => relative(TEST_DIR, f)).join(' ')})`);
  return new Promise((done) => {
    const child = spawn(node, ['--test', '--test-concurrency=1', ...files], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code) => done({ code: code ?? 1, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Prints one line per run and exits non-zero when any failed. */
export function report(results: { label: string; code: number; seconds: number }[]): never {
  console.log('\nsummary:');
  for (const r of results) console.log(`  ${r.label}: ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(0)} s`);
  process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}
