// The one migration runner: postgrator (ordered files, md5 checksums) inside one transaction under an advisory lock.
import { join } from 'node:path';
import pg from 'pg';
import Postgrator from 'postgrator';
import { LoadError } from '../errors.js';
import type { Logger } from '../log.js';
import { MIGRATIONS_DIR } from '../paths.js';

/** Table where postgrator records applied migrations with their checksums. */
export const DEFAULT_MIGRATION_TABLE = 'aura_schema_version';
/** Advisory lock key taken while migrating ("aura-mig"). */
export const MIGRATION_LOCK_KEY = 0x61757261_6d6967n;

export interface MigrateResult {
  applied: { version: number; name: string }[];
  version: number;
}

/**
 * Applies pending migrations/NNN.do.*.sql in order. postgrator records each with an md5 checksum and
 * refuses to run when an applied file was edited; it has no lock and no transaction, so both are added
 * here: the whole upgrade is one transaction (PostgreSQL DDL is transactional) under an advisory lock.
 */
export async function migrate(analyticsUrl: string, logger: Logger, migrationsDir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: analyticsUrl, application_name: 'aura-miner migrate' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    const postgrator = new Postgrator({
      migrationPattern: join(migrationsDir, '*.sql'),
      driver: 'pg',
      schemaTable: DEFAULT_MIGRATION_TABLE,
      validateChecksums: true,
      execQuery: (query: string) => client.query(query),
    });
    let applied;
    try {
      applied = await postgrator.migrate();
    } catch (err) {
      throw new LoadError(`migration failed, nothing applied: ${(err as Error).message}`, { cause: err });
    }
    await client.query('COMMIT');
    const version = await postgrator.getDatabaseVersion();
    const result = { applied: applied.map((m) => ({ version: m.version, name: m.name })), version };
    logger.info({ applied: result.applied.length, version }, result.applied.length ? 'migrations applied' : 'schema up to date');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

/** The schema version recorded in the analytics database, 0 when never migrated. */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ v: string | null }>(
    `SELECT CASE WHEN to_regclass($1) IS NULL THEN NULL ELSE 1 END AS v`,
    [DEFAULT_MIGRATION_TABLE],
  );
  if (!rows[0].v) return 0;
  const r = await client.query<{ version: string }>(`SELECT coalesce(max(version), 0) AS version FROM ${DEFAULT_MIGRATION_TABLE}`);
  return Number(r.rows[0].version);
}
