// `npm run test:pg-versions [-- 15 16 ...] [--except-current]`: the database-facing test suites (no browser) on
// each embedded PostgreSQL major (default 15 16 17 18), one after the other. --except-current leaves out the
// major `npm test` runs on (AURA_TEST_PG_VERSION, else 18): CI runs `npm test` first. Needs
// `npx tsc -p tsconfig.json` first (the npm script does it). With TEST_DATABASE_URL set the suites would all
// run on that one server: refused.
import { DEFAULT_POSTGRES_MAJOR, POSTGRES_MAJORS, parsePostgresMajor } from '../src/db/embedded-version.js';
import { listTestFiles, report, runNodeTest } from './test-files.js';

if (process.env.TEST_DATABASE_URL) {
  console.error('test:pg-versions starts embedded servers of each major: unset TEST_DATABASE_URL');
  process.exit(2);
}
const args = process.argv.slice(2).filter((a) => a !== '--except-current');
let majors: string[];
let current: string;
try {
  majors = args.length ? args.map((v) => parsePostgresMajor(v, 'version')) : [...POSTGRES_MAJORS];
  current = process.env.AURA_TEST_PG_VERSION ? parsePostgresMajor(process.env.AURA_TEST_PG_VERSION, 'AURA_TEST_PG_VERSION') : DEFAULT_POSTGRES_MAJOR;
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
if (process.argv.includes('--except-current')) majors = majors.filter((m) => m !== current);
const { database } = listTestFiles();
const results = [];
for (const major of majors) {
  const label = `PostgreSQL ${major}`;
  results.push({ label, ...(await runNodeTest(process.execPath, database, { AURA_TEST_PG_VERSION: major, AURA_TEST_BROWSER: 'off' }, label)) });
}
report(results);
