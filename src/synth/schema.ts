// The three source schemas (sql/source/*.sql): create them, tell whether they hold data, empty them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { SourceError } from '../errors.js';

export interface SourceClients {
  auth: pg.ClientBase;
  social: pg.ClientBase;
  messaging: pg.ClientBase;
}
export type SourceName = keyof SourceClients;
export const SOURCE_NAMES: readonly SourceName[] = ['auth', 'social', 'messaging'];

/** Data tables per source, children before parents (the order TRUNCATE and emptiness checks read best in). */
export const SOURCE_TABLES: Readonly<Record<SourceName, readonly string[]>> = {
  auth: ['users'],
  social: ['comments', 'posts', 'community_members', 'communities', 'complete_profiles', 'user_profiles'],
  messaging: ['messages', 'users', 'conversations'],
};

/**
 * The package root: the nearest folder above this module holding package.json. Works from
 * src/synth (tsx) and from dist/src/synth (compiled) alike.
 */
export function findPackageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Runs sql/source/<name>.sql on each source (idempotent: CREATE ... IF NOT EXISTS, roles upserted). */
export async function applySourceSchema(clients: SourceClients): Promise<void> {
  const dir = join(findPackageRoot(), 'sql', 'source');
  await Promise.all(
    SOURCE_NAMES.map(async (name) => {
      const file = join(dir, `${name}.sql`);
      try {
        await clients[name].query(readFileSync(file, 'utf8'));
      } catch (err) {
        const position = (err as { position?: string }).position;
        const where = position ? ` at character ${position}` : '';
        throw new SourceError(`applying ${file}${where} failed: ${(err as Error).message}`, { cause: err });
      }
    }),
  );
}

/** True when the auth schema is missing or auth.users has no rows (SPEC: `demo` seeds only then). */
export async function sourcesAreEmpty(clients: SourceClients): Promise<boolean> {
  // Two statements: a statement naming a missing table fails at parse time, whatever guards it.
  if (!(await existingTables(clients.auth, ['users'])).length) return true;
  const { rowCount } = await clients.auth.query('SELECT 1 FROM users LIMIT 1');
  return !rowCount;
}

/** Source tables (as `<source>.<table>`) that exist and hold at least one row. */
export async function findNonEmptyTables(clients: SourceClients): Promise<string[]> {
  const found: string[] = [];
  for (const name of SOURCE_NAMES) {
    for (const table of await existingTables(clients[name], SOURCE_TABLES[name])) {
      const probe = await clients[name].query(`SELECT 1 FROM ${clients[name].escapeIdentifier(table)} LIMIT 1`);
      if (probe.rowCount) found.push(`${name}.${table}`);
    }
  }
  return found;
}

/** Source tables (as `<source>.<table>`) that do not exist: the schema was not applied. */
export async function findMissingTables(clients: SourceClients): Promise<string[]> {
  const missing: string[] = [];
  for (const name of SOURCE_NAMES) {
    const present = new Set(await existingTables(clients[name], SOURCE_TABLES[name]));
    for (const table of SOURCE_TABLES[name]) if (!present.has(table)) missing.push(`${name}.${table}`);
  }
  return missing;
}

/** Empties every source data table and restarts its ids (roles stay: they are reference data). */
export async function resetSources(clients: SourceClients): Promise<void> {
  await Promise.all(
    SOURCE_NAMES.map(async (name) => {
      const client = clients[name];
      const tables = await existingTables(client, SOURCE_TABLES[name]);
      if (!tables.length) return;
      await client.query(`TRUNCATE ${tables.map((t) => client.escapeIdentifier(t)).join(', ')} RESTART IDENTITY CASCADE`);
    }),
  );
}

/** The subset of `tables` that exists in the public schema, in the given order. */
async function existingTables(client: pg.ClientBase, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    `SELECT t FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) WHERE to_regclass('public.' || quote_ident(t)) IS NOT NULL ORDER BY n`,
    [tables],
  );
  return rows.map((r) => r.t);
}
