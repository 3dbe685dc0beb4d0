// Every write to the analytics database lives in a named file under sql/analytics/ (README "Architecture"):
// no statement in src/ inserts, updates, deletes or COPYs into an analytics table inline.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { analyticsSql } from '../src/db/sql-file.js';
import { PACKAGE_ROOT } from '../src/paths.js';

const SRC = join(PACKAGE_ROOT, 'src');
/** Folders that write the SOURCE databases (the synthetic generator and the demo's seeding), never the analytics one. */
const SOURCE_WRITERS = ['synth/', 'demo/'];
/**
 * Statements whose column lists follow the KPIs (user_feature_vector's columns, the history's): the KPI registry
 * (issue 18) derives those lists, so they are built in TS beside it until it lands. Nothing else is allowed.
 */
const KPI_DERIVED = new Set(['INSERT INTO user_feature_vector', 'UPDATE user_feature_vector', 'INSERT INTO user_feature_history']);

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : e.name.endsWith(ext) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The tables of the analytics schema, from the migrations. */
function analyticsTables(): Set<string> {
  const sql = files(join(PACKAGE_ROOT, 'migrations'), '.sql').map((f) => readFileSync(f, 'utf8')).join('\n');
  return new Set([...sql.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(\w+)/gi)].map((m) => m[1].toLowerCase()));
}

/** Code without its comments (a comment may well say "UPDATE etl_runs"). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Writes to `tables` in a text: SQL verbs, and copyIn() targets. */
export function writesIn(text: string, tables: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE|TRUNCATE(?:\s+TABLE)?|COPY|MERGE\s+INTO)\s+(?:ONLY\s+)?"?(\w+)/gi)) {
    const table = m[2].toLowerCase();
    if (tables.has(table)) found.push(`${m[1].replace(/\s+/g, ' ').toUpperCase()} ${table}`);
  }
  for (const m of text.matchAll(/\bcopyIn\(\s*\w+\s*,\s*[`'"]\s*(\w+)/g)) {
    if (tables.has(m[1].toLowerCase())) found.push(`COPY ${m[1].toLowerCase()}`);
  }
  return found;
}

test('the guard sees inline writes', () => {
  const tables = new Set(['etl_runs', 'message_counts']);
  assert.deepEqual(writesIn("await c.query(`UPDATE etl_runs SET status = 'x'`)", tables), ['UPDATE etl_runs']);
  assert.deepEqual(writesIn("copyIn(client, 'message_counts (a, b)', rows())", tables), ['COPY message_counts']);
  assert.deepEqual(writesIn("c.query('delete  from\n message_counts')", tables), ['DELETE FROM message_counts']);
  assert.deepEqual(writesIn("c.query('SELECT * FROM etl_runs')", tables), []);
});

test('no write to an analytics table is inline in src/: each is a named file of sql/analytics/', () => {
  const tables = analyticsTables();
  assert.ok(tables.has('etl_runs') && tables.has('user_feature_vector'), 'the migrations were read');
  const inline: string[] = [];
  for (const file of files(SRC, '.ts')) {
    const path = relative(SRC, file);
    if (SOURCE_WRITERS.some((p) => path.startsWith(p))) continue;
    for (const w of writesIn(code(readFileSync(file, 'utf8')), tables)) if (!KPI_DERIVED.has(w)) inline.push(`src/${path}: ${w}`);
  }
  assert.deepEqual(inline, [], 'move these statements to sql/analytics/<job>.sql and load them with analyticsSql()');
});

test('every sql/analytics/ file is used by src/, and loads', () => {
  const dir = join(PACKAGE_ROOT, 'sql', 'analytics');
  const names = readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4));
  assert.ok(names.length > 0);
  const src = files(SRC, '.ts').map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const name of names) {
    assert.ok(src.includes(`'${name}'`), `sql/analytics/${name}.sql is not used`);
    const text = readFileSync(join(dir, `${name}.sql`), 'utf8');
    assert.match(text, /^-- /, `${name}.sql starts with a comment saying what it does`);
    const slots = Object.fromEntries([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => [m[1], 'x']));
    assert.doesNotMatch(analyticsSql(name, slots), /\{\{/);
  }
  const plain = names.find((n) => !readFileSync(join(dir, `${n}.sql`), 'utf8').includes('{{'))!;
  assert.throws(() => analyticsSql(plain, { no_such_slot: 'x' }), /has no \{\{no_such_slot\}\}/);
});
