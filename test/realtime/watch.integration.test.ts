// watch against one real, restartable PostgreSQL: live re-scoring, faults, a burst, full runs beside it, failover, triggers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { describeCrisis } from './cases/crisis.js';
import { describeFailover } from './cases/failover.js';
import { describeLive } from './cases/live.js';
import { describeLoad } from './cases/load.js';
import { describeTriggerScripts } from './cases/trigger-scripts.js';
import { populationUsers, prepareSources, startWatchServer, type WatchEnv } from './watch-fixture.js';

const env = { failing: false } as WatchEnv;

describe('watch', () => {
  before(async () => {
    env.dir = mkdtempSync(join(tmpdir(), 'aura-watch-test-'));
    Object.assign(env, await startWatchServer(env.dir));
    env.config = await prepareSources(env.urls, 1500);
    env.users = await populationUsers(env.urls);
  });
  after(async () => {
    await env.watcher?.stop().catch(() => {});
    await env.risk?.close().catch(() => {});
    await env.server?.stop();
    rmSync(env.dir, { recursive: true, force: true });
  });

  // In this order: the live cases start the watcher, the load cases stop it, crisis runs its own, failover restarts the server.
  describeLive(() => env);
  describeLoad(() => env);
  describeCrisis(() => env);
  describeFailover(() => env);
  describeTriggerScripts(() => env);
});
