// Connections: read-only pools for the three sources, a plain pool for the analytics database.
import pg from 'pg';
import type { DatabaseUrls } from '../config.js';
import { LoadError, SourceError } from '../errors.js';
import type { SourceName } from '../etl/datasets.js';
import { scrubSecrets } from '../log.js';

export type SourcePools = Record<SourceName, pg.Pool>;

const SOURCE_ENV: Record<SourceName, string> = {
  auth: 'DATABASE_URL_AUTH',
  social: 'DATABASE_URL_SOCIAL',
  messaging: 'DATABASE_URL_MESSAGING',
};

/**
 * Settings every aura-miner session sets itself instead of relying on the server's defaults (README, "Supported
 * platforms", with their measured effect): `jit = off`. Servers built with LLVM (Debian's, most packaged ones)
 * JIT-compile any query whose estimated cost passes jit_above_cost; aura-miner's large scans and aggregations all do,
 * and each run reads every row once, so the compilation is never paid back (bench/pg-settings.ts).
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = { jit: 'off' };
const SESSION_OPTIONS = Object.entries(SESSION_SETTINGS)
  .map(([k, v]) => `-c ${k}=${v}`)
  .join(' ');

/**
 * Source sessions are read-only (default_transaction_read_only) and in UTC, so aura-miner can never
 * write to a microservice's database even by mistake, and timestamps read the same everywhere.
 */
export function createSourcePools(urls: DatabaseUrls, maxPerSource = 3): SourcePools {
  const make = (name: SourceName, url: string) =>
    new pg.Pool({
      connectionString: url,
      max: maxPerSource,
      application_name: `aura-miner ${name}`,
      options: `-c default_transaction_read_only=on -c TimeZone=UTC ${SESSION_OPTIONS}`,
    });
  return { auth: make('auth', urls.auth), social: make('social', urls.social), messaging: make('messaging', urls.messaging) };
}

export function createAnalyticsPool(url: string, max = 4): pg.Pool {
  return new pg.Pool({ connectionString: url, max, application_name: 'aura-miner', options: `-c TimeZone=UTC ${SESSION_OPTIONS}` });
}

/** Checks out a source client, naming the source and its variable when it cannot be reached. */
export async function connectSource(pools: SourcePools, name: SourceName): Promise<pg.PoolClient> {
  try {
    return await pools[name].connect();
  } catch (err) {
    throw new SourceError(`cannot connect to the ${name} source (${SOURCE_ENV[name]}): ${describePgError(err)}`, { cause: err });
  }
}

export async function connectAnalytics(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    throw new LoadError(`cannot connect to the analytics database (DATABASE_URL_ANALYTICS): ${describePgError(err)}`, { cause: err });
  }
}

export async function endPools(...pools: (pg.Pool | SourcePools | undefined)[]): Promise<void> {
  for (const p of pools) {
    if (!p) continue;
    if (p instanceof pg.Pool) await p.end();
    else await Promise.all(Object.values(p).map((x) => x.end()));
  }
}

/** A one-line description of a pg/network error without credentials. */
export function describePgError(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { message: string }[] };
  const msg = e.message || e.errors?.map((x) => x.message).join('; ') || e.code || String(err);
  return scrubSecrets(msg);
}
