// Checks that the analytics schema is migrated before a stage writes to it.
import type pg from 'pg';
import { schemaVersion } from '../db/migrate.js';
import { ConfigError } from '../errors.js';

export async function requireSchema(client: pg.ClientBase): Promise<number> {
  const v = await schemaVersion(client);
  if (v === 0) throw new ConfigError('the analytics database has no aura-miner schema: run `aura-miner migrate` first');
  return v;
}
