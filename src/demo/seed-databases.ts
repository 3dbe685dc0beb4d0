// Connects to the three source databases with write access and fills them with synthetic AURA data.
import pg from 'pg';
import type { DatabaseUrls } from '../config.js';
import { describePgError } from '../db/connections.js';
import { ConfigError, SourceError } from '../errors.js';
import { applySourceSchema, resetSources, seedSources, sourcesAreEmpty, type SeedOptions, type SeedResult, type SourceClients } from '../synth/index.js';

export interface SeedDatabasesOptions extends SeedOptions {
  /** TRUNCATE the source tables first (synthetic databases only). */
  reset?: boolean;
  /** Seed only when the sources are empty; otherwise report `skipped`. */
  onlyIfEmpty?: boolean;
}

export type SeedDatabasesResult = (SeedResult & { skipped: false }) | { skipped: true };

export async function seedDatabases(urls: DatabaseUrls, opts: SeedDatabasesOptions): Promise<SeedDatabasesResult> {
  const clients = await connectWriters(urls);
  try {
    await applySourceSchema(clients);
    if (opts.reset) await resetSources(clients);
    else if (!(await sourcesAreEmpty(clients))) {
      if (opts.onlyIfEmpty) return { skipped: true };
      throw new ConfigError('the source databases already hold data; `aura-miner seed --reset` replaces it (synthetic databases only)');
    }
    return { ...(await seedSources(clients, opts)), skipped: false };
  } finally {
    await Promise.all([clients.auth, clients.social, clients.messaging].map((c) => c.end()));
  }
}

async function connectWriters(urls: DatabaseUrls): Promise<SourceClients & { auth: pg.Client; social: pg.Client; messaging: pg.Client }> {
  const make = async (name: string, url: string) => {
    const c = new pg.Client({ connectionString: url, application_name: 'aura-miner seed', options: '-c TimeZone=UTC' });
    try {
      await c.connect();
    } catch (err) {
      throw new SourceError(`cannot connect to the ${name} source: ${describePgError(err)}`, { cause: err });
    }
    return c;
  };
  const [auth, social, messaging] = await Promise.all([make('auth', urls.auth), make('social', urls.social), make('messaging', urls.messaging)]);
  return { auth, social, messaging };
}
