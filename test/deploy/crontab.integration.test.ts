// deploy/crontab runs as cron runs it (sh, its PATH, .env in the working folder): pre-flight, flock, exit codes in the log.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { dbEnv } from '../support/run-cli.js';
import { CRONTAB } from './deploy-files.js';
import { logicalLines } from './shell-commands.js';

const sh = promisify(execFile);
const lines = logicalLines(readFileSync(CRONTAB, 'utf8'));
const settings = Object.fromEntries(lines.filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"(.*)"$/, '$1')]));
const jobs = lines.filter((l) => !/^\w+=/.test(l)).map((l) => /^(?<schedule>(\S+\s+){4}\S+)\s+(?<user>\S+)\s+(?<command>.+)$/.exec(l)!.groups!);
/** Folders the cron line names, moved under a temporary root for the test. */
const HOST_PATHS = ['/var/lib/aura-miner', '/var/log/aura-miner', '/run/lock'];
let dbs: TestDatabases;
let root: string;

const FIELD_RANGES: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
function validCronField(field: string, [min, max]: [number, number]): boolean {
  return field.split(',').every((part) => {
    const m = /^(\*|(\d+)(-(\d+))?)(\/(\d+))?$/.exec(part);
    if (!m) return false;
    const nums = [m[2], m[4], m[6]].filter((n) => n !== undefined).map(Number);
    return nums.slice(0, 2).every((n) => n >= min && n <= max) && (m[6] === undefined || Number(m[6]) > 0);
  });
}

/** Runs the job's command with sh as cron would, the host paths under `root`; returns the log. */
async function runCronJob(): Promise<string> {
  let command = jobs[0]!.command;
  for (const p of HOST_PATHS) command = command.split(p).join(join(root, p));
  const path = [join(root, 'bin'), dirname(process.execPath), settings.PATH].join(':');
  await sh(settings.SHELL ?? '/bin/sh', ['-c', command], { env: { PATH: path, HOME: join(root, 'var/lib/aura-miner'), LOGNAME: 'aura' } });
  return readFileSync(join(root, 'var/log/aura-miner/etl.log'), 'utf8');
}
const lastExit = (log: string) => [...log.matchAll(/^aura-miner exit (\d+)$/gm)].at(-1)?.[1];
const writeEnv = (vars: Record<string, string>) => writeFileSync(join(root, 'var/lib/aura-miner/.env'), Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 });

describe('deploy/crontab', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await seedDatabases(dbs, { users: 300, seed: 4, referenceTime: new Date() });
    root = mkdtempSync(join(tmpdir(), 'aura-cron-'));
    for (const p of [...HOST_PATHS, '/bin']) mkdirSync(join(root, p), { recursive: true });
    symlinkSync(join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), join(root, 'bin', 'aura-miner'));
  });
  after(async () => {
    rmSync(root, { recursive: true, force: true });
    await dbs.drop();
    await stopTestServer();
  });

  test('one valid system-crontab job, run as aura, no % (cron would cut the line there)', () => {
    assert.equal(jobs.length, 1);
    const fields = jobs[0]!.schedule.split(/\s+/);
    fields.forEach((f, i) => assert.ok(validCronField(f, FIELD_RANGES[i]!), `field ${i + 1}: ${f}`));
    assert.equal(jobs[0]!.user, 'aura');
    assert.doesNotMatch(jobs[0]!.command, /%/);
    assert.ok(settings.PATH && settings.SHELL, 'PATH and SHELL set: cron gives almost no environment');
  });

  test('deploy/README-deploy.md shows the same line', () => {
    const doc = readFileSync(join(PACKAGE_ROOT, 'deploy', 'README-deploy.md'), 'utf8');
    const job = readFileSync(CRONTAB, 'utf8').split('\n').find((l) => l.includes(jobs[0]!.command))!;
    assert.ok(doc.includes(job.replace(/\s+/g, ' ')), 'the README line differs from deploy/crontab');
  });

  test('a run: migrate, the pre-flight, etl --cluster, all in the log, then "aura-miner exit 0"', async () => {
    writeEnv(dbEnv(dbs));
    const log = await runCronJob();
    assert.equal(lastExit(log), '0', log.slice(-3000));
    assert.match(log, /analytics|dataset/i, 'the dry-run plan is logged');
  });

  test('while a run holds the lock: "aura-miner exit 3"', async () => {
    // Its own process group, so flock and its sleep both end in `finally`.
    const holder = spawn('flock', [join(root, 'run/lock/aura-miner.lock'), 'sleep', '60'], { stdio: 'ignore', detached: true });
    try {
      await sleep(300);
      const log = await runCronJob();
      assert.equal(lastExit(log), '3');
    } finally {
      process.kill(-holder.pid!, 'SIGKILL');
    }
  });

  test('a configuration error stops at the first command: "aura-miner exit 2"', async () => {
    writeEnv({ DATABASE_URL_ANALYTICS: dbs.analytics });
    const log = await runCronJob();
    assert.equal(lastExit(log), '2');
    assert.match(log.split('aura-miner exit 3').at(-1)!, /missing DATABASE_URL_AUTH/);
  });
});
