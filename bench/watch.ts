// Benchmark: `watch` end to end, from a source COMMIT to the NOTIFY on aura_risk_updates that `serve` pushes.
// Usage: node dist/bench/watch.js [users=100000] [seconds=60]. Writes bench/results/watch.json and prints a table.
// A listener here stands in for serve's WebSocket (serve forwards each NOTIFY as it arrives: see bench/serve.ts).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCluster } from '../src/cluster/run-cluster.js';
import { resolveConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabases } from '../src/demo/seed-databases.js';
import { runEtl } from '../src/etl/pipeline.js';
import { createLogger } from '../src/log.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { silentProgress } from '../src/progress.js';
import { applyNotifyTriggers } from '../src/realtime/install-triggers.js';
import { processCpuSeconds } from './cpu-seconds.js';
import { writeResult } from './results-file.js';

const users = Number(process.argv[2] ?? 100_000);
const seconds = Number(process.argv[3] ?? 60);
/** The two rates at the default debounce window, then 100/s with a shorter window. */
const PHASES = [
  { name: 'p100', rate: 100, debounceMs: 2000 },
  { name: 'p1000', rate: 1000, debounceMs: 2000 },
  { name: 'p100-fast', rate: 100, debounceMs: 1000 },
];
const DB = { auth: 'aura_auth', social: 'aura_social', messaging: 'aura_messaging', analytics: 'aura_data_miner' };
const NEGATIVE = 'me siento muy triste y sola, nadie me entiende, odio todo';
const logger = createLogger({ level: 'warn' });

/** The seeded sources are kept per size in the temp folder: a re-run skips seeding (the changes it adds stay). */
const dir = join(tmpdir(), `aura-miner-bench-watch-${users}`);
const server = await startEmbeddedPostgres({ dir, databases: Object.values(DB) });
const urls = { auth: server.url(DB.auth), social: server.url(DB.social), messaging: server.url(DB.messaging), analytics: server.url(DB.analytics) };
const env = { DATABASE_URL_ANALYTICS: urls.analytics, DATABASE_URL_AUTH: urls.auth, DATABASE_URL_SOCIAL: urls.social, DATABASE_URL_MESSAGING: urls.messaging };

try {
  let t = performance.now();
  const seeded = await seedDatabases(urls, { users, seed: 7, referenceTime: new Date(), onlyIfEmpty: true });
  const seedSeconds = (performance.now() - t) / 1000;
  await recreateAnalytics();
  await migrate(urls.analytics, logger);
  const config = resolveConfig({ env, cwd: '/' });
  t = performance.now();
  const etl = await runEtl({ config, urls, logger, progress: silentProgress });
  const cluster = await runCluster({ urls, logger }, { seed: 7 });
  const fullRunSeconds = (performance.now() - t) / 1000;
  await applyNotifyTriggers(urls, 'install', logger);
  const targets = await messagingUsers();
  console.log(`${etl.users} users in the population, ${targets.length} with a messaging account; full run ${fullRunSeconds.toFixed(1)} s`);

  const phases = [];
  let next = 0;
  for (const phase of PHASES) {
    const needed = phase.rate * seconds;
    if (next + needed > targets.length) next = 0; // one change per user per phase: latency maps to one commit
    phases.push(await runPhase(phase, targets.slice(next, next + needed)));
    next += needed;
  }
  const report = {
    users,
    population: etl.users,
    seeded: seeded.skipped ? 'reused' : { ...seeded, wallSeconds: seedSeconds },
    fullRunSeconds,
    clusterLevels: cluster.levels.map((l) => ({ level: l.level, users: l.users })),
    secondsPerPhase: seconds,
    phases,
    targets: { p95AtMost2sAt100PerSecond: phases[0].latency.p95 <= 2, lagBoundedAt1000PerSecond: phases[1].bounded },
    node: process.version,
    date: new Date().toISOString(),
  };
  writeResult('watch.json', report);
  printTable(report);
} finally {
  await server.stop();
}

interface Target {
  userId: string;
  messagingId: number;
}

/** One rate for `seconds`: a `watch` child process, a paced writer of night messages, a listener timing each NOTIFY. */
async function runPhase(phase: (typeof PHASES)[number], targets: Target[]) {
  const logFile = join(dir, `watch-${phase.name}.log`);
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), 'watch', '--debounce-ms', String(phase.debounceMs), '--stats-interval', '10', '--instance', phase.name], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.pipe(createWriteStream(logFile));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const analytics = new pg.Client({ connectionString: urls.analytics });
  await analytics.connect();
  const since = new Date();
  await waitFor(async () => {
    const { rows } = await analytics.query(`SELECT 1 FROM watch_state WHERE instance = $1 AND state = 'running' AND last_batch_at >= $2`, [phase.name, since]);
    return rows.length > 0;
  }, 120_000);

  const committed = new Map<string, number>();
  const samples: { at: number; latency: number }[] = [];
  await analytics.query('LISTEN aura_risk_updates');
  analytics.on('notification', (n) => {
    const now = performance.now();
    const m = JSON.parse(n.payload ?? '{}');
    if (m.type !== 'USER_RISK_UPDATE') return;
    const at = committed.get(m.payload.user_id);
    if (at === undefined) return;
    committed.delete(m.payload.user_id);
    samples.push({ at, latency: (now - at) / 1000 });
  });

  const writer = new pg.Pool({ connectionString: urls.messaging, max: 16 });
  const conversation = (await writer.query('INSERT INTO conversations DEFAULT VALUES RETURNING id')).rows[0].id;
  const night = new Date();
  night.setUTCHours(8, 0, 0, 0); // 03:00 in Lima: a night message
  const backlog: { second: number; unacknowledged: number }[] = [];
  const cpuBefore = processCpuSeconds(child.pid!);
  const start = performance.now();
  let sent = 0;
  let failedWrites = 0;
  const inFlight = new Set<Promise<void>>();
  while (sent < targets.length) {
    const due = Math.min(targets.length, Math.floor(((performance.now() - start) / 1000) * phase.rate));
    for (; sent < due; sent++) {
      const target = targets[sent];
      const p = writer
        .query('INSERT INTO messages (conversation_id, sender_profile_id, content, created_at) VALUES ($1, $2, $3, $4)', [conversation, target.messagingId, `${NEGATIVE} ${sent}`, night])
        .then(() => void committed.set(target.userId, performance.now()))
        .catch(() => void failedWrites++)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    const second = Math.floor((performance.now() - start) / 1000);
    if (backlog.length <= second) backlog.push({ second, unacknowledged: committed.size });
    await new Promise((r) => setTimeout(r, 5));
  }
  const writeSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  await waitFor(async () => committed.size === 0, 60_000).catch(() => {});
  const drainSeconds = (performance.now() - start) / 1000 - writeSeconds;
  const cpu = processCpuSeconds(child.pid!) - cpuBefore;
  const { rows: batchRows } = await analytics.query(
    `SELECT count(*)::int AS n, avg(users)::float AS mean_users, max(users) AS max_users,
       avg(extract(epoch FROM finished_at - started_at))::float AS mean_s, max(extract(epoch FROM finished_at - started_at))::float AS max_s
     FROM watch_batches WHERE instance = $1 AND NOT catch_up`,
    [phase.name],
  );
  child.kill('SIGTERM');
  const exitCode = await exited;
  await writer.end();
  await analytics.end();

  const latencies = samples.map((s) => s.latency).sort((a, b) => a - b);
  const third = (i: number) => {
    const from = start + (i * writeSeconds * 1000) / 3;
    const to = start + ((i + 1) * writeSeconds * 1000) / 3;
    return percentile(samples.filter((s) => s.at >= from && s.at < to).map((s) => s.latency).sort((a, b) => a - b), 0.95);
  };
  const thirds = [third(0), third(1), third(2)];
  return {
    ...phase,
    changes: targets.length,
    writeSeconds: round(writeSeconds),
    achievedRate: round(targets.length / writeSeconds),
    acknowledged: samples.length,
    missing: committed.size,
    failedWrites,
    latency: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99), max: round(latencies[latencies.length - 1] ?? NaN) },
    p95ByThird: thirds,
    // Bounded: the end of the minute is no slower than its start (a growing queue would make it so).
    bounded: thirds[2] <= thirds[0] * 1.5 + 0.5,
    drainSeconds: round(drainSeconds),
    maxUnacknowledged: Math.max(...backlog.map((b) => b.unacknowledged)),
    backlogEvery10s: backlog.filter((b) => b.second % 10 === 0).map((b) => b.unacknowledged),
    batches: { count: batchRows[0].n, meanUsers: round(batchRows[0].mean_users), maxUsers: batchRows[0].max_users, meanSeconds: round(batchRows[0].mean_s), maxSeconds: round(batchRows[0].max_s) },
    watchCpuSeconds: round(cpu),
    watchExitCode: exitCode,
  };
}

/** Population users with a messaging account (the writer's targets), in a fixed shuffled order. */
async function messagingUsers(): Promise<Target[]> {
  const q = async (url: string, sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  const pop = (await q(urls.analytics, 'SELECT user_id_raiz::text AS id FROM user_feature_vector')).map((r) => r.id as string);
  const profiles = await q(urls.social, 'SELECT id, user_id::text AS user_id FROM user_profiles WHERE user_id = ANY($1::uuid[])', [pop]);
  const owner = new Map(profiles.map((p) => [Number(p.id), p.user_id as string]));
  const messaging = await q(urls.messaging, 'SELECT id, profile_id FROM users WHERE profile_id = ANY($1::bigint[]) ORDER BY id', [[...owner.keys()]]);
  const out = messaging.map((m) => ({ userId: owner.get(Number(m.profile_id))!, messagingId: Number(m.id) }));
  let s = 7;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function recreateAnalytics(): Promise<void> {
  const c = new pg.Client({ connectionString: server.url('postgres') });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${DB.analytics} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${DB.analytics}`);
  await c.end();
}

async function waitFor(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function printTable(r: { users: number; population: number; phases: Awaited<ReturnType<typeof runPhase>>[]; targets: Record<string, boolean> }): void {
  console.log(`\nwatch benchmark: ${r.users} users (${r.population} in the population), ${seconds} s per rate, COMMIT -> NOTIFY aura_risk_updates`);
  console.log('| changes/s | debounce ms | p50 s | p95 s | p99 s | max s | p95 by third (s) | bounded | missing | batches (mean/max users, mean/max s) | watch CPU s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const p of r.phases) {
    const b = p.batches;
    console.log(
      `| ${p.rate} (${p.achievedRate}) | ${p.debounceMs} | ${p.latency.p50} | ${p.latency.p95} | ${p.latency.p99} | ${p.latency.max} | ${p.p95ByThird.join(' / ')} | ${p.bounded ? 'yes' : 'NO'} | ${p.missing} | ${b.count} (${b.meanUsers}/${b.maxUsers}, ${b.meanSeconds}/${b.maxSeconds}) | ${p.watchCpuSeconds} |`,
    );
  }
  console.log(`targets: p95 <= 2 s at 100/s: ${r.targets.p95AtMost2sAt100PerSecond ? 'met' : 'missed'}; lag bounded at 1,000/s: ${r.targets.lagBoundedAt1000PerSecond ? 'met' : 'missed'}`);
}
