// A run that loses its analytics connection, or whose process dies: one line and exit 1, a run row that says
// what happened (failed with the reason / abandoned), the analytics data exactly as before (issue 17).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { runCluster } from '../../src/cluster/run-cluster.js';
import { resolveConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { ETL_LOCK_KEY } from '../../src/db/run-locks.js';
import { createLogger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { withClient } from '../support/crafted-sources.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { dbEnv, runCli, startCli, type CliResult } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { startServe } from '../server/serve-fixture.js';

const logger = createLogger({ level: 'silent' });
let dbs: TestDatabases;
let env: Record<string, string>;

/** Every analytics table a run writes, except the runs tables themselves. */
const DATA_TABLES = [
  'user_feature_vector', 'user_feature_history', 'normalization_params', 'etl_watermarks', 'text_sentiment_scores',
  'user_text_negativity', 'message_counts', 'message_count_state', 'user_risk_results', 'cluster_models',
];

async function snapshot(): Promise<Record<string, string[]>> {
  return withClient(dbs.analytics, async (c) => {
    const out: Record<string, string[]> = {};
    for (const t of DATA_TABLES) out[t] = (await c.query(`SELECT * FROM ${t}`)).rows.map((r) => JSON.stringify(r)).sort();
    return out;
  });
}

/** Holds a lock that lets the run read but makes its first write to `table` wait. */
async function blockWrites(table: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: dbs.analytics });
  await c.connect();
  await c.query('BEGIN');
  await c.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
  return c;
}

/** The backend of the run holding the ETL lock, once it waits on a lock inside its writes. */
async function waitForBlockedRun(): Promise<number> {
  for (let i = 0; i < 1200; i++) {
    const { rows } = await withClient(dbs.analytics, (c) =>
      c.query<{ pid: number }>(
        `SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid)
         WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND (l.classid::bigint << 32 | l.objid::bigint) = $1::bigint AND a.wait_event_type = 'Lock'`,
        [ETL_LOCK_KEY.toString()],
      ),
    );
    if (rows.length) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the run never reached its writes');
}

async function waitForLockFree(): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const { rows } = await withClient(dbs.analytics, (c) =>
      c.query(`SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`),
    );
    if (!rows.length) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the killed run still holds its lock');
}

/** Starts the CLI, terminates the run's backend while it waits inside its writes, and returns the CLI's result. */
async function terminateMidRun(args: string[], table: string): Promise<CliResult> {
  const blocker = await blockWrites(table);
  const { result } = startCli(args, env);
  try {
    const pid = await waitForBlockedRun();
    await withClient(dbs.analytics, (c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
  } finally {
    await blocker.query('ROLLBACK');
    await blocker.end();
  }
  return result;
}

function assertOneLineExit1(r: CliResult): void {
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^aura-miner: .*terminat/);
  assert.doesNotMatch(r.stderr, /Unhandled|\n\s+at /);
}

async function lastRun(table: 'etl_runs' | 'cluster_runs'): Promise<{ id: number; status: string; error: string | null }> {
  const key = table === 'etl_runs' ? 'run_id' : 'cluster_run_id';
  const { rows } = await withClient(dbs.analytics, (c) => c.query(`SELECT ${key} AS id, status, error FROM ${table} ORDER BY ${key} DESC LIMIT 1`));
  return { ...rows[0], id: Number(rows[0].id) };
}

/**
 * Runs the CLI, terminates its backend while it waits inside its writes, and checks the outcome: one line and
 * exit 1, the run row `failed` with the reason, the analytics data exactly as before.
 */
async function assertLostRun(args: string[], table: string, runs: 'etl_runs' | 'cluster_runs'): Promise<void> {
  const before = await snapshot();
  const r = await terminateMidRun(args, table);
  assertOneLineExit1(r);
  const run = await lastRun(runs);
  assert.equal(run.status, 'failed');
  assert.match(run.error ?? '', /terminat/);
  assert.deepEqual(await snapshot(), before);
}

describe('runs that lose their connection or their process', () => {
  before(async () => {
    dbs = await createTestDatabases();
    env = { ...dbEnv(dbs), LOG_LEVEL: 'silent' };
    await migrate(dbs.analytics, logger);
    await seedDatabases(dbs, { users: 300, seed: 5, referenceTime: new Date() });
    const config = resolveConfig({ env: dbEnv(dbs), cwd: '/' });
    await runEtl({ config, urls: dbs, logger, progress: silentProgress }, {});
    await runCluster({ urls: dbs, logger }, { seed: 7 });
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });

  test('etl: its backend terminated mid-load -> one line, exit 1, run row failed with the reason, data unchanged', async () => {
    await assertLostRun(['etl'], 'normalization_params', 'etl_runs');
  });

  test('load: its backend terminated mid-load -> one line, exit 1, run row failed, data unchanged', async () => {
    const dir = tempDir('aura-lost-load-');
    const extracted = await runCli(['extract', '--out', join(dir, 'e')], env);
    assert.equal(extracted.code, 0, extracted.stderr);
    const transformed = await runCli(['transform', '--in', join(dir, 'e'), '--out', join(dir, 't')], env);
    assert.equal(transformed.code, 0, transformed.stderr);
    await assertLostRun(['load', '--in', join(dir, 't')], 'normalization_params', 'etl_runs');
  });

  test('cluster: its backend terminated while writing -> one line, exit 1, run row failed, verdicts unchanged', async () => {
    await assertLostRun(['cluster', '--seed', '11'], 'user_risk_results', 'cluster_runs');
  });

  test('a killed run is marked abandoned by the next run that takes the lock, and the status endpoints say so', async () => {
    const before = await snapshot();
    const blocker = await blockWrites('normalization_params');
    const { child, result } = startCli(['etl'], env);
    let killed: CliResult;
    try {
      await waitForBlockedRun();
      child.kill('SIGKILL');
      killed = await result;
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    assert.equal(killed.code, null, 'killed by the signal');
    // PostgreSQL ends the orphaned backend (and its transaction and lock) once it tries to answer.
    await waitForLockFree();
    assert.deepEqual(await snapshot(), before);
    const dead = await lastRun('etl_runs');
    assert.equal(dead.status, 'running', 'a dead process cannot mark its own row');

    const next = await runCli(['cluster', '--seed', '7'], env);
    assert.equal(next.code, 0, next.stderr);
    const marked = await withClient(dbs.analytics, (c) => c.query(`SELECT status, error FROM etl_runs WHERE run_id = $1`, [dead.id]));
    assert.equal(marked.rows[0].status, 'abandoned');
    assert.match(marked.rows[0].error, /abandoned/);

    const serve = await startServe(dbs);
    try {
      for (const path of ['/api/v1/data-miner/status', '/api/v2/clustering/status']) {
        const res = await fetch(serve.base + path);
        assert.equal(res.status, 200, path);
        const body = (await res.json()) as { abandoned_runs: { etl_runs: number; cluster_runs: number; last: { table: string; run_id: number } | null } };
        assert.equal(body.abandoned_runs.etl_runs, 1, path);
        assert.equal(body.abandoned_runs.cluster_runs, 0, path);
        assert.deepEqual({ table: body.abandoned_runs.last?.table, run_id: body.abandoned_runs.last?.run_id }, { table: 'etl_runs', run_id: dead.id }, path);
      }
    } finally {
      await serve.close();
    }
  });
});
