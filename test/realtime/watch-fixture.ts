// Shared setup of the watch tests: a restartable server, seeded sources, a full etl + cluster, triggers, in-process watchers.
import pg from 'pg';
import { runCluster } from '../../src/cluster/run-cluster.js';
import { resolveConfig, type Config, type DatabaseUrls } from '../../src/config.js';
import { embeddedUrls, startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { createLogger, type Logger } from '../../src/log.js';
import { silentProgress } from '../../src/progress.js';
import { applyNotifyTriggers } from '../../src/realtime/install-triggers.js';
import type { RiskMessage } from '../../src/realtime/risk-updates.js';
import type { ChangeSet } from '../../src/realtime/pending-changes.js';
import type { BatchResult } from '../../src/realtime/run-batch.js';
import { runWatch, type WatchDeps, type WatchOptions, type WatchSummary } from '../../src/realtime/watcher.js';
import { withClient } from '../support/crafted-sources.js';
import { testPostgresMajor } from '../support/databases.js';
import { loadFactor } from '../support/load-factor.js';

export const logger: Logger = createLogger({ level: process.env.AURA_TEST_LOG === '1' ? 'debug' : 'silent' });

export function configFor(urls: DatabaseUrls): Readonly<Config> {
  return resolveConfig({ env: { DATABASE_URL_ANALYTICS: urls.analytics, DATABASE_URL_AUTH: urls.auth, DATABASE_URL_SOCIAL: urls.social, DATABASE_URL_MESSAGING: urls.messaging }, cwd: '/' });
}

/** Seeds `users` synthetic users, runs etl + cluster (the full run watch builds on) and installs the triggers. */
export async function prepareSources(urls: DatabaseUrls, users: number): Promise<Readonly<Config>> {
  await seedDatabases(urls, { users, seed: 11, referenceTime: new Date() });
  await migrate(urls.analytics, logger);
  const config = configFor(urls);
  await runEtl({ config, urls, logger, progress: silentProgress });
  await runCluster({ urls, logger }, { seed: 7 });
  await applyNotifyTriggers(urls, 'install', logger);
  return config;
}

/** Polls `probe` until it gives a value; the deadline is `timeoutMs` on an idle machine (see loadFactor). */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const factor = loadFactor();
  const end = Date.now() + timeoutMs * factor;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs * factor)} ms (${timeoutMs} ms x load factor ${factor.toFixed(1)}) waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RunningWatcher {
  batches: BatchResult[];
  errors: unknown[];
  active: () => boolean;
  stop(): Promise<WatchSummary>;
}

export function startWatcher(config: Readonly<Config>, urls: DatabaseUrls, opts: Partial<WatchOptions> = {}, hooks: WatchDeps['hooks'] = {}): RunningWatcher {
  const controller = new AbortController();
  const batches: BatchResult[] = [];
  const errors: unknown[] = [];
  let active = false;
  const done = runWatch(
    {
      config,
      urls,
      logger,
      signal: controller.signal,
      hooks: {
        ...hooks,
        onActive: () => {
          active = true;
          hooks.onActive?.();
        },
        onBatch: (r) => {
          batches.push(r);
          hooks.onBatch?.(r);
        },
        onBatchError: (e) => {
          errors.push(e);
          hooks.onBatchError?.(e);
        },
      },
    },
    { debounceMs: 150, maxBatch: 5000, statsIntervalMs: 60_000, lockPollMs: 200, backoff: { initialMs: 100, maxMs: 1000 }, ...opts },
  );
  done.catch(() => {});
  return {
    batches,
    errors,
    active: () => active,
    async stop() {
      controller.abort();
      return done;
    },
  };
}

/** LISTENs on aura_risk_updates like `serve` does. */
export async function listenRiskUpdates(url: string): Promise<{ messages: RiskMessage[]; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const messages: RiskMessage[] = [];
  client.on('notification', (n) => {
    const m = JSON.parse(n.payload ?? '{}');
    if (m.type === 'USER_RISK_UPDATE' || m.type === 'CRITICAL_ALERT') messages.push(m);
  });
  await client.query('LISTEN aura_risk_updates');
  return { messages, close: () => client.end() };
}

export interface SourceUser {
  userId: string;
  profileId: number;
  messagingId: number;
}

/** Population users that have a messaging account, in a stable order. */
export async function populationUsers(urls: DatabaseUrls): Promise<SourceUser[]> {
  const pop = await withClient(urls.analytics, async (c) => (await c.query<{ id: string }>('SELECT user_id_raiz::text AS id FROM user_feature_vector ORDER BY 1')).rows.map((r) => r.id));
  const profiles = await withClient(urls.social, async (c) => (await c.query<{ id: string; user_id: string }>('SELECT id, user_id::text FROM user_profiles WHERE user_id = ANY($1::uuid[])', [pop])).rows);
  const byProfile = new Map(profiles.map((p) => [Number(p.id), p.user_id]));
  const msg = await withClient(urls.messaging, async (c) => (await c.query<{ id: string; profile_id: string }>('SELECT id, profile_id FROM users WHERE profile_id = ANY($1::bigint[])', [[...byProfile.keys()]])).rows);
  return msg.map((m) => ({ userId: byProfile.get(Number(m.profile_id))!, profileId: Number(m.profile_id), messagingId: Number(m.id) })).sort((a, b) => a.userId.localeCompare(b.userId));
}

/** 03:00 in Lima (UTC-5 all year): a night message for KPI 3. */
export function limaNight(daysAgo = 0): Date {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  d.setUTCHours(8, 0, 0, 0);
  return d;
}

export async function insertMessages(url: string, rows: { messagingId: number; content: string; createdAt: Date }[]): Promise<number[]> {
  return withClient(url, async (c) => {
    const conv = (await c.query<{ id: string }>('INSERT INTO conversations DEFAULT VALUES RETURNING id')).rows[0].id;
    const { rows: ids } = await c.query<{ id: string }>(
      `INSERT INTO messages (conversation_id, sender_profile_id, content, created_at, updated_at)
       SELECT $1, s, t, ts, now() FROM unnest($2::bigint[], $3::text[], $4::timestamptz[]) AS x(s, t, ts) RETURNING id`,
      [conv, rows.map((r) => r.messagingId), rows.map((r) => r.content), rows.map((r) => r.createdAt)],
    );
    return ids.map((r) => Number(r.id));
  });
}

export async function vectorOf(url: string, userId: string): Promise<Record<string, any> | undefined> {
  return withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT v.*, r.risk_level, r.asi, r.severity, r.reasons, r.votes, r.cluster_run_id FROM user_feature_vector v LEFT JOIN user_risk_results r USING (user_id_raiz) WHERE v.user_id_raiz = $1`,
      [userId],
    );
    return rows[0];
  });
}

export const NEGATIVE_TEXT = 'me siento muy triste y sola, odio todo, nadie me entiende y tengo miedo';

/** What the case modules share: one PostgreSQL that a case may restart, the seeded population, the live watcher. */
export interface WatchEnv {
  server: EmbeddedServer;
  /** Folder of the server's data directory (a restart reuses it). */
  dir: string;
  urls: DatabaseUrls;
  config: Readonly<Config>;
  users: SourceUser[];
  /** The watcher of the live cases (started by the first, stopped by the last). */
  watcher: RunningWatcher;
  risk: Awaited<ReturnType<typeof listenRiskUpdates>>;
  /** Makes the live watcher's batches fail just before COMMIT while true. */
  failing: boolean;
  /** Run (once, then cleared) by the live watcher's first batch that `when` accepts, between storing its texts and reading its users. */
  midBatch?: { when: (set: ChangeSet) => boolean; run: () => Promise<void> };
  /** Called with each batch the live watcher commits. */
  onBatch?: (r: BatchResult) => void;
}

export const DATABASE_NAMES = { auth: 'w_auth', social: 'w_social', messaging: 'w_messaging', analytics: 'w_analytics' } as const;

/** The embedded server of the watch tests, on `port` when restarting it. */
export async function startWatchServer(dir: string, port?: number): Promise<{ server: EmbeddedServer; urls: DatabaseUrls }> {
  const server = await startEmbeddedPostgres({ dir, port, databases: Object.values(DATABASE_NAMES), version: testPostgresMajor() });
  return { server, urls: embeddedUrls(server, DATABASE_NAMES) };
}

export const updatesFor = (env: WatchEnv, userId: string) => env.risk.messages.filter((m) => m.type === 'USER_RISK_UPDATE' && m.payload.user_id === userId);
