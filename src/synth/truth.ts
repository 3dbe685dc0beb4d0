// The planted-risk answer key: counts per level and, on request, the truth CSV (never written to any database).
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { RiskLevel } from '../model/feature-vector.js';
import type { SeedContext } from './context.js';
import { makeUuid } from './prng.js';
import { iteratePlans } from './user-plan.js';

export interface PlantedTally {
  population: number;
  planted: Record<RiskLevel, number>;
}

const USERS_PER_CHUNK = 4096;

/** Counts population users per planted level; writes `user_id,planted_level` lines to `truthFile` when given. */
export async function tallyPlanted(ctx: SeedContext, truthFile?: string): Promise<PlantedTally> {
  const tally: PlantedTally = { population: 0, planted: { high: 0, moderate: 0, low: 0 } };
  const chunks = truthChunks(ctx, tally);
  if (truthFile) {
    await pipeline(Readable.from(chunks), createWriteStream(truthFile));
  } else {
    // Still a pass over every plan; yield between chunks so the COPY streams keep flowing meanwhile.
    while (!chunks.next().done) await yieldToLoop();
  }
  return tally;
}

function* truthChunks(ctx: SeedContext, tally: PlantedTally): Generator<string> {
  let buf = 'user_id,planted_level\n';
  let n = 0;
  for (const { plan } of iteratePlans(ctx, ctx.users)) {
    if (!plan.population || !plan.level) continue;
    tally.population++;
    tally.planted[plan.level]++;
    buf += `${makeUuid(ctx.seed, plan.slot)},${plan.level}\n`;
    if (++n % USERS_PER_CHUNK === 0) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}
