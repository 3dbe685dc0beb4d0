// End to end: the built CLI's exit codes, one-line errors and results.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { describe, test } from 'node:test';
import { findFreePort } from '../../src/db/embedded.js';
import { createTestDatabases, useTestDatabases } from '../support/databases.js';
import { insertCraftedUsers, REFERENCE_TIME, withClient } from '../support/crafted-sources.js';
import { dbEnv, runCli } from '../support/run-cli.js';

const oneLine = (s: string) => s.trim().split('\n').length === 1;

describe('aura-miner CLI', () => {
  const dbs = useTestDatabases();

  test('--help lists every subcommand and exits 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['migrate', 'extract', 'transform', 'load', 'etl', 'demo', 'seed']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });

  test('unknown flag: exit 2 with one line', async () => {
    const r = await runCli(['etl', '--bogus']);
    assert.equal(r.code, 2);
    assert.ok(oneLine(r.stderr), r.stderr);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });

  test('malformed URL, partial configuration, bad flag values: exit 2 with one line naming the problem', async () => {
    const bad = await runCli(['etl'], { ...dbEnv(dbs), DATABASE_URL_SOCIAL: 'not a url' });
    assert.equal(bad.code, 2);
    assert.ok(oneLine(bad.stderr), bad.stderr);
    assert.match(bad.stderr, /DATABASE_URL_SOCIAL is not a valid URL/);
    const partial = await runCli(['etl'], { DATABASE_URL_ANALYTICS: dbs.analytics });
    assert.equal(partial.code, 2);
    assert.match(partial.stderr, /missing DATABASE_URL_AUTH/);
    const time = await runCli(['etl', '--reference-time', 'yesterday'], dbEnv(dbs));
    assert.equal(time.code, 2);
    assert.match(time.stderr, /--reference-time/);
    const users = await runCli(['seed', '--users', '-5'], dbEnv(dbs));
    assert.equal(users.code, 2);
  });

  test('unreachable database: exit 1 with one line, no stack trace', async () => {
    const port = await findFreePort();
    const url = (db: string) => `postgres://u:secret-pw@127.0.0.1:${port}/${db}`;
    const r = await runCli(['etl'], { DATABASE_URL_ANALYTICS: url('a'), DATABASE_URL_AUTH: url('b'), DATABASE_URL_SOCIAL: url('c'), DATABASE_URL_MESSAGING: url('d') });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot connect to the analytics database/);
    assert.doesNotMatch(r.stderr, /secret-pw/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('etl before migrate says what to do (exit 2); migrate is idempotent; etl --json prints the result', async () => {
    await insertCraftedUsers(dbs);
    const early = await runCli(['etl'], dbEnv(dbs));
    assert.equal(early.code, 2);
    assert.match(early.stderr, /run `aura-miner migrate` first/);
    const m1 = await runCli(['migrate', '--json'], dbEnv(dbs));
    assert.equal(m1.code, 0, m1.stderr);
    assert.equal(JSON.parse(m1.stdout).applied.length, readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length);
    const m2 = await runCli(['migrate', '--json'], dbEnv(dbs));
    assert.equal(JSON.parse(m2.stdout).applied.length, 0);
    const dry = await runCli(['etl', '--dry-run', '--json'], dbEnv(dbs));
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(JSON.parse(dry.stdout).datasets.length, 6);
    const etl = await runCli(['etl', '--json', '--reference-time', REFERENCE_TIME.toISOString(), '--log-level', 'info'], dbEnv(dbs));
    assert.equal(etl.code, 0, etl.stderr);
    const result = JSON.parse(etl.stdout);
    assert.equal(result.users, 3);
    assert.ok(result.texts.scored > 0);
    // Logs are structured JSON lines on stderr and never carry texts or emails.
    for (const line of etl.stderr.trim().split('\n')) JSON.parse(line);
    assert.doesNotMatch(etl.stderr, /triste|@example\.test/);
  });

  test('an empty population exits 3 (nothing to do)', async () => {
    const empty = await createTestDatabases();
    try {
      await insertCraftedUsers(empty);
      await withClient(empty.auth, (c) => c.query('UPDATE users SET is_active = false'));
      assert.equal((await runCli(['migrate'], dbEnv(empty))).code, 0);
      const r = await runCli(['etl'], dbEnv(empty));
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /population is empty/);
    } finally {
      await empty.drop();
    }
  });
});
