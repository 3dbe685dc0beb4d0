// A `serve` on a free port over a real, seeded, clustered PostgreSQL, with its logs captured in memory.
import { Writable } from 'node:stream';
import pg from 'pg';
import { resolveConfig, type Config } from '../../src/config.js';
import { runCluster } from '../../src/cluster/run-cluster.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { createLogger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { createServer, type AuraServer, type ServerOptions } from '../../src/server/app.js';
import { createTestDatabases, type TestDatabases } from '../support/databases.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const OTHER_TOKEN = 'second-token-fedcba9876543210';
export const WRONG_TOKEN = 'wrong-token-0000000000000000';

/** Migrated analytics + 800 synthetic users, one etl run (now) and one cluster run. */
export async function createPopulatedDatabases(users = 800): Promise<TestDatabases> {
  const dbs = await createTestDatabases();
  const logger = createLogger({ level: 'silent' });
  await migrate(dbs.analytics, logger);
  await seedDatabases(dbs, { users, seed: 5, referenceTime: new Date() });
  await runEtl({ config: configFor(dbs), urls: dbs, logger, progress: silentProgress });
  await runCluster({ urls: dbs, logger }, { seed: 7 });
  return dbs;
}

export function configFor(dbs: TestDatabases, extra: Record<string, string> = {}): Readonly<Config> {
  return resolveConfig({
    env: {
      DATABASE_URL_ANALYTICS: dbs.analytics,
      DATABASE_URL_AUTH: dbs.auth,
      DATABASE_URL_SOCIAL: dbs.social,
      DATABASE_URL_MESSAGING: dbs.messaging,
      AURA_API_TOKENS: `${TOKEN},${OTHER_TOKEN}`,
      AURA_CORS_ORIGINS: 'https://panel.example.org',
      ...extra,
    },
    cwd: '/',
  });
}

export interface RunningServe {
  server: AuraServer;
  base: string;
  /** Every log line the server wrote, as text. */
  logs: string[];
  close(): Promise<void>;
}

export async function startServe(dbs: TestDatabases, extraEnv: Record<string, string> = {}, opts: Partial<ServerOptions> = {}, logs: string[] = []): Promise<RunningServe> {
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const server = await createServer({ config: configFor(dbs, extraEnv), urls: dbs, logger, ...opts });
  const { port } = await server.listen(0, '127.0.0.1');
  let closing: Promise<void> | undefined;
  return { server, base: `http://127.0.0.1:${port}`, logs, close: () => (closing ??= server.close()) };
}

/** What the case modules share: the databases, the running server and the population size. */
export interface ServeEnv {
  dbs: TestDatabases;
  serve: RunningServe;
  users: number;
  /** Log text of other servers and CLI processes of the session, checked with the main server's logs. */
  otherLogs: string[];
}

export async function notify(url: string, message: unknown): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SELECT pg_notify($1, $2)', ['aura_risk_updates', typeof message === 'string' ? message : JSON.stringify(message)]);
  } finally {
    await c.end();
  }
}

export function auth(token = TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A USER_RISK_UPDATE / CRITICAL_ALERT payload of the NOTIFY contract. */
export function riskPayload(userId: string, risk_level: string, previous_level: string | null, asi = 81.5) {
  return { user_id: userId, risk_level, previous_level, asi, severity: asi / 2, votes: risk_level === 'high' ? 2 : 1, updated_at: new Date().toISOString() };
}
