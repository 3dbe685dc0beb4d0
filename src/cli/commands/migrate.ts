// `aura-miner migrate`: create or upgrade the analytics schema (idempotent).
import type { Command } from 'commander';
import { createContext, withDatabases } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the analytics schema (migrations/*.sql); a no-op when up to date')
    .action(async (_opts, cmd: Command) => {
      const ctx = createContext(cmd);
      await withDatabases(ctx, async ({ urls }) => {
        const { migrate } = await import('../../db/migrate.js');
        const result = await migrate(urls.analytics, ctx.logger);
        ctx.print(result, () =>
          result.applied.length
            ? `applied ${result.applied.map((m) => `${m.version} ${m.name}`).join(', ')}; schema version ${result.version}`
            : `schema up to date (version ${result.version})`,
        );
      });
    });
}
