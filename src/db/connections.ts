// Connections: read-only pools for the three sources, a plain pool for the analytics database.
import pg from 'pg';
import type { DatabaseUrls } from '../config.js';
import { LoadError, SourceError } from '../errors.js';
import type { SourceName } from '../model/sources.js';
import { scrubSecrets } from '../log.js';

export type SourcePools = Record<SourceName, pg.Pool>;

const SOURCE_ENV: Record<SourceName, string> = {
  auth: 'DATABASE_URL_AUTH',
  social: 'DATABASE_URL_SOCIAL',
  messaging: 'DATABASE_URL_MESSAGING',
};

/**
 * Source sessions are read-only (default_transaction_read_only) and in UTC, so aura-miner can never
 * write to a microservice's database even by mistake, and timestamps read the same everywhere.
 */
export function createSourcePools(urls: DatabaseUrls, maxPerSource = 3): SourcePools {
  const make = (name: SourceName, url: string) =>
    guardPool(
      new pg.Pool({
        connectionString: url,
        max: maxPerSource,
        application_name: `aura-miner ${name}`,
        options: '-c default_transaction_read_only=on -c TimeZone=UTC',
      }),
    );
  return { auth: make('auth', urls.auth), social: make('social', urls.social), messaging: make('messaging', urls.messaging) };
}

export function createAnalyticsPool(url: string, max = 4, applicationName = 'aura-miner'): pg.Pool {
  return guardPool(new pg.Pool({ connectionString: url, max, application_name: applicationName, options: '-c TimeZone=UTC' }));
}

/**
 * A lost connection (server restart, `pg_terminate_backend`, network) emits 'error' on its client, and on
 * the pool when the client was idle; an 'error' event nobody listens to ends the process with a stack trace.
 * With these listeners the error reaches whatever query or stream was using the connection, which fails
 * and is reported as one line; an idle client that broke is simply dropped by the pool.
 */
export function guardPool(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
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

/**
 * What a core function connects with: the door's pools (one per process: the CLI's, the server's, watch's)
 * when it passes them, else pools opened from the URLs for this call and ended after it.
 */
export interface RunConnections {
  urls: DatabaseUrls;
  /** The process's analytics pool; the run checks out its lock connection (and one more) from it. */
  analytics?: pg.Pool;
  /** The process's read-only source pools. */
  sources?: SourcePools;
}

/** Runs `fn` with the caller's analytics pool, or one of `max` connections opened and ended around it. */
export async function withAnalyticsPool<T>(c: RunConnections, max: number, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  if (c.analytics) return fn(c.analytics);
  const pool = createAnalyticsPool(c.urls.analytics, max);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

/** Runs `fn` with the analytics pool and the source pools (the caller's, or opened and ended around it). */
export async function withRunPools<T>(c: RunConnections, analyticsMax: number, perSourceMax: number, fn: (analytics: pg.Pool, sources: SourcePools) => Promise<T>): Promise<T> {
  return withAnalyticsPool(c, analyticsMax, async (analytics) => {
    if (c.sources) return fn(analytics, c.sources);
    const sources = createSourcePools(c.urls, perSourceMax);
    try {
      return await fn(analytics, sources);
    } finally {
      await endPools(sources);
    }
  });
}

/** A door's connections: pools opened on first use, one set per process, ended by `end`. */
export function openRunConnections(urls: DatabaseUrls): { connections: RunConnections; end(): Promise<void> } {
  let analytics: pg.Pool | undefined;
  let sources: SourcePools | undefined;
  const connections: RunConnections = {
    urls,
    get analytics() {
      return (analytics ??= createAnalyticsPool(urls.analytics, 4));
    },
    get sources() {
      return (sources ??= createSourcePools(urls, 4));
    },
  };
  return { connections, end: () => endPools(analytics, sources) };
}
