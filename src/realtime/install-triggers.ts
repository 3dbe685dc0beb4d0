// Applies sql/triggers/notify_triggers.sql (or its uninstall script) to the three sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseUrls } from '../config.js';
import { describePgError } from '../db/connections.js';
import { SourceError } from '../errors.js';
import type { SourceName } from '../model/datasets.js';
import type { Logger } from '../log.js';
import { SQL_DIR } from '../paths.js';

export interface TriggerReport {
  source: SourceName;
  /** Tables that carry the aura_notify_change trigger afterwards. */
  tables: string[];
}

const FILES = { install: 'notify_triggers.sql', uninstall: 'uninstall_notify_triggers.sql' } as const;

/**
 * The one place aura-miner writes to a source, and only when an operator asks: it needs a session
 * that is not read-only, as the owner of the tables (CREATE TRIGGER and DROP TRIGGER on them, CREATE
 * FUNCTION in the schema). Each source is done in one transaction; re-running is harmless.
 */
export async function applyNotifyTriggers(urls: Pick<DatabaseUrls, SourceName>, action: keyof typeof FILES, logger: Logger): Promise<TriggerReport[]> {
  const sql = readFileSync(join(SQL_DIR, 'triggers', FILES[action]), 'utf8');
  const out: TriggerReport[] = [];
  for (const source of ['auth', 'social', 'messaging'] as const) {
    const client = new pg.Client({ connectionString: urls[source], application_name: 'aura-miner watch triggers' });
    try {
      await client.connect();
      await client.query('BEGIN');
      await client.query(sql);
      await client.query('COMMIT');
      const { rows } = await client.query<{ relname: string }>(
        `SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
         WHERE g.tgname = 'aura_notify_change' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
      );
      out.push({ source, tables: rows.map((r) => r.relname) });
      logger.info({ source, action, tables: rows.length }, 'notify triggers applied');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const hint = (err as { code?: string }).code === '42501' ? ' (it needs the owner of the source tables: see README, watch)' : '';
      throw new SourceError(`cannot ${action} the notify triggers on the ${source} source: ${describePgError(err)}${hint}`, { cause: err });
    } finally {
      await client.end().catch(() => {});
    }
  }
  return out;
}
