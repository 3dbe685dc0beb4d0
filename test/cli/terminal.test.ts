// The CLI in a real (pseudo-)terminal: human log lines, bars that never share a line with a log line, a demo that
// ends on the dashboard (the summary's next step works; `demo --serve` answers and stops on Ctrl-C with exit 0).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import pg from 'pg';
import { findFreePort } from '../../src/db/embedded.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCli } from '../support/run-cli.js';
import { PRETTY_LOG_LINE, PROGRESS_BAR_PART, runCliInPty } from '../support/run-pty.js';
import { tempDir } from '../support/temp-dir.js';

/** The demo's session token line: 32 base64url characters, ended by anything that is not one. */
const TOKEN_LINE = /token\s+([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/;

const USERS = '300';

/** GET until it answers (the server may still be starting its database). */
async function fetchWhenUp(url: string, init: RequestInit = {}, timeoutMs = 90_000): Promise<Response> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('the CLI in a terminal', () => {
  // One private embedded PostgreSQL for this file: the first demo creates it, the others reuse it.
  const dir = tempDir('aura-terminal-');
  const env = () => ({ AURA_EMBEDDED_DIR: join(dir, 'pg'), SERVICE_PORT: String(servicePort) });
  let servicePort: number;
  before(async () => {
    servicePort = await findFreePort();
  });

  test('demo: human lines only, no bar on a log line, and the next step of the summary opens the dashboard', { timeout: 300_000 }, async () => {
    const mixed: string[] = [];
    let barDrawn = false;
    let etaDrawn = false;
    const run = runCliInPty(['demo', '--users', USERS, '--charts', join(dir, 'charts')], {
      cwd: dir,
      env: env(),
      onDraw: (rows) => {
        for (const row of rows) {
          if (/^ texts scored\s/.test(row) && PROGRESS_BAR_PART.test(row)) barDrawn = true;
          // The texts' total is estimated from the sources' statistics: percent, count of total, rate, ETA.
          if (/^ texts scored\s+\|.+\|\s+\d+% [\d,]+\/[\d,]+\s+[\d,]+\/s\s+(eta \S+|done)/.test(row)) etaDrawn = true;
          if (PRETTY_LOG_LINE.test(row) && PROGRESS_BAR_PART.test(row)) mixed.push(row);
        }
      },
    });
    const code = await run.exited;
    const screen = run.screen();
    const text = screen.join('\n');
    assert.equal(code, 0, text);
    assert.ok(barDrawn, `the texts' progress bar was drawn:\n${text}`);
    assert.ok(etaDrawn, `the texts' bar showed percent, rate and ETA:\n${text}`);
    assert.deepEqual(mixed, [], 'a progress bar and a log line on the same row');
    assert.deepEqual(screen.filter((r) => /^\s*\{/.test(r)), [], 'no JSON line on the terminal');
    assert.match(text, /INFO: synthetic sources written {2}users=300/);
    assert.doesNotMatch(text, /kDistance|"level"/, 'nested objects stay in the JSON and debug logs');
    assert.match(text, /^aura-miner demo: done in /m);
    assert.match(text, /^ {2}time {4}setup [^·]+ s · read [^·]+ s · score [^·]+ s · write [^·]+ s$/m);
    assert.doesNotMatch(text, /psql/, 'no psql line for a database that is stopped');

    // The summary's next step, run as it says (npx aura-miner = the built bin), opens the dashboard.
    const next = /next\s+npx aura-miner (serve)\s+# then open (http:\/\/\S+)/.exec(text);
    assert.ok(next, text);
    assert.equal(next[2], `http://localhost:${servicePort}/`);
    const serve = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), next[1]!], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    serve.stderr.on('data', (d) => (stderr += d));
    const served = new Promise<number | null>((resolve) => serve.on('close', resolve));
    try {
      const res = await fetchWhenUp(next[2]);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<title>AURA/);
      const status = await fetchWhenUp(new URL('/api/v2/clustering/status', next[2]).href);
      assert.equal(status.status, 200, 'the demo left a cluster run to show');
    } finally {
      serve.kill('SIGTERM');
    }
    assert.equal(await served, 0, stderr);
  });

  test('the token line is found whatever the token ends with (its alphabet includes "-", so no \\b after it)', () => {
    for (const token of ['f1tZ-Or4muOmYXuEt-ezH0OAdiPn__R-', 'f1tZ-Or4muOmYXuEt-ezH0OAdiPn__R_', 'f1tZ-Or4muOmYXuEt-ezH0OAdiPn__R9']) {
      assert.equal(TOKEN_LINE.exec(`  token      ${token}\n             (this session only`)?.[1], token);
    }
    assert.equal(TOKEN_LINE.exec('  token      f1tZ-Or4muOmYXuEt-ezH0OAdiPn__R-x'), null, 'not a prefix of a longer word');
  });

  test('demo --serve: prints the dashboard URL and a session token, answers there, and Ctrl-C stops it with exit 0', { timeout: 300_000 }, async () => {
    const run = runCliInPty(['demo', '--users', USERS, '--charts', join(dir, 'charts'), '--serve', '--port', '0'], { cwd: dir, env: env() });
    try {
      const [, url] = await run.waitFor(/dashboard\s+(http:\/\/127\.0\.0\.1:\d+\/)/);
      const [, token] = await run.waitFor(TOKEN_LINE);
      const page = await fetch(url!);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>AURA/);
      const list = new URL('/api/v2/clustering/data/high-risk-users?limit=1', url).href;
      assert.equal((await fetch(list)).status, 401, 'per-user views need the token');
      assert.equal((await fetch(list, { headers: { authorization: `Bearer ${token}` } })).status, 200);
      run.write('\x03'); // Ctrl-C: SIGINT to the whole foreground group, the embedded PostgreSQL included
      const code = await run.exited;
      assert.equal(code, 0, run.screen().join('\n'));
      assert.match(run.screen().join('\n'), /serve stopped/);
      assert.doesNotMatch(run.screen().join('\n'), new RegExp(token!.replace(/[-]/g, '\\-') + '[\\s\\S]*' + token!.replace(/[-]/g, '\\-')), 'the token is printed once, never logged');
    } finally {
      // A failed wait must not leave the demo (and its PostgreSQL) running, nor this file waiting on it.
      run.kill('SIGINT');
      await Promise.race([run.exited, new Promise((r) => setTimeout(r, 30_000).unref())]);
    }
  });

  test('demo --keep-running: the psql line it prints reaches the running database; Ctrl-C stops it with exit 0', { timeout: 300_000 }, async () => {
    const run = runCliInPty(['demo', '--users', USERS, '--charts', join(dir, 'charts'), '--keep-running'], { cwd: dir, env: env() });
    const [line] = await run.waitFor(/PGPASSWORD=\S+ psql .*/);
    await run.waitFor(/press Ctrl-C to stop it/);
    // The line's own parameters (psql itself may not be installed where the tests run).
    const m = /^PGPASSWORD=(\S+) psql -h (\S+) -p (\d+) -U (\S+) (\S+) -c "([^"]+)"$/.exec(line!.trim());
    assert.ok(m, line);
    const client = new pg.Client({ password: m[1], host: m[2], port: Number(m[3]), user: m[4], database: m[5] });
    await client.connect();
    try {
      const { rows } = await client.query<{ risk_level: string; count: string }>(m[6]!);
      assert.deepEqual(rows.map((r) => r.risk_level).sort(), ['high', 'low', 'moderate']);
      assert.equal(rows.reduce((n, r) => n + Number(r.count), 0), Number(/wrote\s+([\d,]+) feature vectors/.exec(run.screen().join('\n'))![1]!.replace(/,/g, '')));
    } finally {
      await client.end();
    }
    run.write('\x03');
    assert.equal(await run.exited, 0, run.screen().join('\n'));
  });

  test('--log-format json (or AURA_LOG_FORMAT=json) on a terminal gives JSON lines', { timeout: 120_000 }, async () => {
    for (const [args, extra] of [[['migrate', '--log-format', 'json'], {}], [['migrate'], { AURA_LOG_FORMAT: 'json' }]] as const) {
      const run = runCliInPty([...args], { cwd: dir, env: { ...env(), ...extra } });
      assert.equal(await run.exited, 0, run.screen().join('\n'));
      const rows = run.screen().filter(Boolean);
      const logs = rows.filter((r) => r.startsWith('{'));
      assert.ok(logs.length >= 1, rows.join('\n'));
      for (const r of logs) assert.equal(JSON.parse(r).app, 'aura-miner');
      assert.deepEqual(rows.filter((r) => PRETTY_LOG_LINE.test(r)), []);
      const others = rows.filter((r) => !r.startsWith('{'));
      assert.equal(others.length, 1, others.join('\n'));
      assert.match(others[0]!, /^(schema up to date|applied \d)/, 'the result on stdout');
    }
  });

  test('piped: JSON lines by default, human lines with --log-format pretty, only the result with --quiet', { timeout: 120_000 }, async () => {
    const json = await runCli(['migrate'], env(), dir);
    assert.equal(json.code, 0, json.stderr);
    const lines = json.stderr.trim().split('\n');
    for (const l of lines) assert.deepEqual(Object.keys(JSON.parse(l)).slice(0, 3), ['level', 'time', 'app']);
    const pretty = await runCli(['migrate', '--log-format', 'pretty'], env(), dir);
    assert.equal(pretty.code, 0, pretty.stderr);
    assert.match(pretty.stderr, /^\[\d\d:\d\d:\d\d\] INFO: no database configured/m);
    assert.doesNotMatch(pretty.stderr, /\{|\x1b\[/, 'no JSON, no colours off a terminal');
    const quiet = await runCli(['migrate', '--quiet'], env(), dir);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
    assert.match(quiet.stdout, /^(schema up to date|applied \d)/);
    const bad = await runCli(['migrate', '--log-format', 'yaml'], env(), dir);
    assert.equal(bad.code, 2);
    const badEnv = await runCli(['migrate'], { ...env(), AURA_LOG_FORMAT: 'yaml' }, dir);
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /log format must be one of auto, pretty, json/);
  });
});
