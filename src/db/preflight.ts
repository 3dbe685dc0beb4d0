// Checks that the analytics schema is migrated (to this build's latest version) before a stage writes to it.
import { readdirSync } from 'node:fs';
import type pg from 'pg';
import { schemaVersion } from './migrate.js';
import { ConfigError } from '../errors.js';
import { MIGRATIONS_DIR } from '../paths.js';

/** The highest migration version this build ships (migrations/NNN.do.*.sql). */
export function latestMigrationVersion(dir = MIGRATIONS_DIR): number {
  return Math.max(0, ...readdirSync(dir).map((f) => /^(\d+)\.do\./.exec(f)).filter((m) => m !== null).map((m) => Number(m[1])));
}

export async function requireSchema(client: pg.ClientBase): Promise<number> {
  const v = await schemaVersion(client);
  if (v === 0) throw new ConfigError('the analytics database has no aura-miner schema: run `aura-miner migrate` first');
  const latest = latestMigrationVersion();
  if (v < latest) throw new ConfigError(`the analytics schema is at version ${v}, this aura-miner needs ${latest}: run \`aura-miner migrate\` first`);
  return v;
}
