// Real PostgreSQL for tests: TEST_DATABASE_URL when set, else one embedded server per test file, of the
// major AURA_TEST_PG_VERSION names (15-18; default 18). `npm run test:pg-versions` runs the database suites on each.
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { DEFAULT_POSTGRES_MAJOR, parsePostgresMajor, type PostgresMajor } from '../../src/db/embedded-version.js';

/** The PostgreSQL major of this test run's embedded servers (AURA_TEST_PG_VERSION, default 18). */
export function testPostgresMajor(): PostgresMajor {
  const v = process.env.AURA_TEST_PG_VERSION;
  return v ? parsePostgresMajor(v, 'AURA_TEST_PG_VERSION') : DEFAULT_POSTGRES_MAJOR;
}

export interface TestDatabases {
  auth: string;
  social: string;
  messaging: string;
  analytics: string;
  /** Drops these databases (and stops the embedded server when it was the last user). */
  drop(): Promise<void>;
}

let server: { url(db: string): string; stop(): Promise<void> } | undefined;
let starting: Promise<{ url(db: string): string }> | undefined;
let serverDir: string | undefined;
let counter = 0;

/** One server per test file, even when several database sets are created at once. */
function getServer(): Promise<{ url(db: string): string }> {
  starting ??= startServer();
  return starting;
}

async function startServer(): Promise<{ url(db: string): string }> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    server = {
      url: (db: string) => {
        const u = new URL(external);
        u.pathname = '/' + db;
        return u.toString();
      },
      stop: async () => {},
    };
  } else {
    serverDir = mkdtempSync(join(tmpdir(), 'aura-miner-test-pg-'));
    const s: EmbeddedServer = await startEmbeddedPostgres({ dir: serverDir, databases: [], version: testPostgresMajor() });
    server = { url: s.url, stop: s.stop };
  }
  return server;
}

/** Creates four fresh, empty databases (source schema NOT applied). */
export async function createTestDatabases(): Promise<TestDatabases> {
  const s = await getServer();
  const suffix = `${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const names = {
    auth: `t_auth_${suffix}`,
    social: `t_social_${suffix}`,
    messaging: `t_msg_${suffix}`,
    analytics: `t_an_${suffix}`,
  };
  const admin = new pg.Client({ connectionString: s.url('postgres') });
  await admin.connect();
  for (const n of Object.values(names)) await admin.query(`CREATE DATABASE ${n}`);
  await admin.end();
  return {
    auth: s.url(names.auth),
    social: s.url(names.social),
    messaging: s.url(names.messaging),
    analytics: s.url(names.analytics),
    async drop() {
      const a = new pg.Client({ connectionString: s.url('postgres') });
      await a.connect();
      for (const n of Object.values(names)) await a.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Stops the embedded server of this test file; call in an `after` hook. */
export async function stopTestServer(): Promise<void> {
  if (starting) await starting.catch(() => undefined);
  if (!server) return;
  await server.stop();
  server = undefined;
  starting = undefined;
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
}

/**
 * Fresh databases for the current suite: created in its `before` hook, dropped (and the file's server stopped)
 * in its `after`. The returned object is filled in place, so tests read `dbs.analytics` as usual.
 */
export function useTestDatabases(): TestDatabases {
  const dbs = {} as TestDatabases;
  before(async () => {
    Object.assign(dbs, await createTestDatabases());
  });
  after(async () => {
    await dbs.drop();
    await stopTestServer();
  });
  return dbs;
}
