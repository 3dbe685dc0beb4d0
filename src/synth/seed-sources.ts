// Seeds the three AURA source databases with reproducible synthetic data, the three written in parallel.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { AuraError, SourceError } from '../errors.js';
import { createSeedContext } from './context.js';
import type { ProgressFn } from './copy-rows.js';
import { SOURCE_NAMES, findMissingTables, findNonEmptyTables, type SourceClients } from './schema.js';
import { tallyPlanted } from './truth.js';
import { writeAuth } from './write-auth.js';
import { writeMessaging } from './write-messaging.js';
import { writeSocial } from './write-social.js';

export interface SeedOptions {
  /** Number of auth users to create (admins and inactive accounts included). */
  users: number;
  /** PRNG seed: the same seed and options give byte-identical data. */
  seed: number;
  /** Every timestamp is generated relative to this instant (never the wall clock). */
  referenceTime: Date;
  /** When set, `user_id,planted_level` for every population user is written here, never into a database. */
  truthFile?: string;
  /** Timezone of the planted night window (01:00-05:59 local). @default 'America/Lima' */
  timezone?: string;
  onProgress?: ProgressFn;
}

export interface SeedResult {
  users: number;
  population: number;
  posts: number;
  comments: number;
  messages: number;
  communities: number;
  /** Rows written into every source table together. */
  rows: number;
  seconds: number;
  planted: { high: number; moderate: number; low: number };
}

/** The sources already hold rows; the caller decides whether to reset them (`seed --reset`). */
export class SourcesNotEmptyError extends AuraError {}

/**
 * Writes `opts.users` users and their activity into the three (empty) sources, the three in
 * parallel, each in one transaction: a source is seeded fully or not at all.
 */
export async function seedSources(clients: SourceClients, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const ctx = createSeedContext(opts);
  const missing = await findMissingTables(clients);
  if (missing.length) {
    throw new SourceError(`seed: source tables missing (${missing.join(', ')}); apply the source schema first`);
  }
  const nonEmpty = await findNonEmptyTables(clients);
  if (nonEmpty.length) {
    throw new SourcesNotEmptyError(
      `seed: the source databases already hold data (${nonEmpty.join(', ')}); reset them first (seed --reset)`,
    );
  }
  let rows = 0;
  const onProgress: ProgressFn = (p) => {
    rows += p.rows;
    opts.onProgress?.(p);
  };
  const [tally, , social, messaging] = await settleAll([
    tallyPlanted(ctx, opts.truthFile),
    writeAuth(clients.auth, ctx, onProgress),
    writeSocial(clients.social, ctx, onProgress),
    writeMessaging(clients.messaging, ctx, onProgress),
  ] as const);
  // Fresh statistics, so the first extraction's pushed-down aggregates get sensible plans.
  await forEachSource(clients, (c) => c.query('ANALYZE'));
  return {
    users: ctx.users,
    population: tally.population,
    posts: social.posts,
    comments: social.comments,
    messages: messaging.messages,
    communities: social.communities,
    rows,
    seconds: (performance.now() - started) / 1000,
    planted: tally.planted,
  };
}

/** Like Promise.all, but waits for every writer to stop before rethrowing the first failure: no COPY is left running. */
async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function forEachSource(clients: SourceClients, fn: (c: pg.ClientBase) => Promise<unknown>): Promise<void> {
  await Promise.all(SOURCE_NAMES.map((name) => fn(clients[name])));
}
