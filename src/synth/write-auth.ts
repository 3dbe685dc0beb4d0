// aura_auth rows: one users row per auth slot (roles come from the schema file).
import type pg from 'pg';
import type { CsvValue } from '../db/copy.js';
import { DAY_MS } from './clock.js';
import type { SeedContext } from './context.js';
import { loadInOneTransaction } from './bulk-load.js';
import { copyRows, type ProgressFn } from './copy-rows.js';
import { formatIso } from './activity.js';
import { openStream, makeUuid } from './prng.js';
import { iteratePlans } from './user-plan.js';

export interface AuthCounts {
  users: number;
}

export async function writeAuth(client: pg.ClientBase, ctx: SeedContext, onProgress?: ProgressFn): Promise<AuthCounts> {
  const target = 'users (user_id, email, id_role, is_active, created_at, updated_at)';
  const users = await loadInOneTransaction(client, ['users'], () =>
    copyRows(client, target, 'auth.users', authUserRows(ctx), onProgress),
  );
  return { users };
}

function* authUserRows(ctx: SeedContext): Generator<CsvValue[]> {
  const ref = ctx.clock.referenceMs;
  for (const { plan } of iteratePlans(ctx, ctx.users)) {
    // Deactivation is an update: inactive accounts carry a later updated_at.
    const r = openStream(ctx.seed, plan.slot, 'auth');
    const updated = plan.authActive ? plan.createdMs : Math.min(ref, plan.lastActiveMs + r.range(1, 30) * DAY_MS);
    yield [
      makeUuid(ctx.seed, plan.slot),
      // Fake, unroutable (.test is reserved by RFC 2606): the PII column exists, nobody needs it.
      `usuario${plan.slot + 1}@example.test`,
      plan.role,
      plan.authActive,
      formatIso(plan.createdMs),
      formatIso(updated),
    ];
  }
}
