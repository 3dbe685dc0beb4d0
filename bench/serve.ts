// Benchmark: `serve` with N users loaded: p50/p99 of the v2 data endpoints (autocannon, 50 connections) and one broadcast to 1,000 WebSockets.
// Usage: node dist/bench/serve.js [users=1000000]. Writes bench/results/serve.json and prints a table.
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger } from '../src/log.js';
import { loadPopulation, startServe, V2_READS } from './serve-setup.js';
import { writeResult } from './results-file.js';

interface AutocannonResult {
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;
// autocannon ships no types; only the call above is used.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const users = Number(process.argv[2] ?? 1_000_000);
const CONNECTIONS = 50;
const SECONDS = 10;
const WS_CLIENTS = 1000;
const BROADCASTS = 5;
const TOKEN = 'bench-token-0123456789abcdef';
const DB = { auth: 'bench_serve_auth', social: 'bench_serve_social', messaging: 'bench_serve_messaging', analytics: 'bench_serve_analytics' };
const logger = createLogger({ level: 'warn' });
const loadBefore = Math.round(loadavg()[0] * 100) / 100;

/** Loaded data is kept per size in the temp folder; reloaded when the size differs or it is older than 12 h (kpi-trends looks at the last 24 h). */
const server = await startEmbeddedPostgres({ dir: join(tmpdir(), 'aura-miner-bench-serve'), databases: Object.values(DB) });
const urls = { auth: server.url(DB.auth), social: server.url(DB.social), messaging: server.url(DB.messaging), analytics: server.url(DB.analytics) };
let serve: ChildProcess | undefined;
try {
  await migrate(urls.analytics, logger);
  const load = await loadPopulation(urls, users);
  const started = await startServe(urls, TOKEN);
  serve = started.child;
  const http = [];
  for (const path of V2_READS) {
    // Plain JSON, the largest bodies: browsers get the pre-gzipped ones (a quarter of the bytes), but autocannon
    // reads binary bodies several times slower than text, which would measure the load generator instead.
    const headers = { authorization: `Bearer ${TOKEN}` };
    await autocannon({ url: started.url + path, connections: CONNECTIONS, duration: 1, headers }); // warm-up
    const r = await autocannon({ url: started.url + path, connections: CONNECTIONS, duration: SECONDS, headers });
    http.push({ path, p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max, requestsPerSecond: Math.round(r.requests.average), non2xx: r.non2xx, errors: r.errors + r.timeouts });
  }
  const broadcast = await measureBroadcast(started.url);
  const report = {
    users,
    load,
    http: { connections: CONNECTIONS, seconds: SECONDS, endpoints: http, targetP99Ms: 50, allWithinTarget: http.every((h) => h.p99Ms <= 50 && h.non2xx === 0) },
    broadcast: { ...broadcast, targetMs: 1000, withinTarget: broadcast.worstAllReachedMs <= 1000 },
    node: process.version,
    cpus: cpus().length,
    // Tail latencies on a shared machine follow its load: recorded with the result.
    loadAverage1m: { before: loadBefore, after: Math.round(loadavg()[0] * 100) / 100 },
    date: new Date().toISOString(),
  };
  writeResult('serve.json', report);
  printTable(report);
} finally {
  serve?.kill('SIGTERM');
  await new Promise((r) => (serve && serve.exitCode === null ? serve.once('close', r) : r(null)));
  await server.stop();
}

/** 1,000 authenticated ws/live clients; the time from NOTIFY to the last client's message, several times. */
async function measureBroadcast(base: string) {
  const wsUrl = `${base.replace('http', 'ws')}/api/v2/clustering/ws/live`;
  const arrivals: number[][] = [];
  const sockets = await Promise.all(
    Array.from({ length: WS_CLIENTS }, (_, i) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(wsUrl, ['aura.v1', `bearer.${TOKEN}`]);
        ws.on('error', reject);
        ws.on('message', (data) => {
          const m = JSON.parse(String(data));
          if (m.type === 'AUTH_OK') resolve(ws);
          else if (m.type === 'USER_RISK_UPDATE') (arrivals[m.payload.votes] ??= [])[i] = performance.now();
        });
      }),
    ),
  );
  const notifier = new pg.Client({ connectionString: urls.analytics });
  await notifier.connect();
  const runs = [];
  try {
    for (let b = 0; b < BROADCASTS; b++) {
      // votes carries the broadcast number, so each client's arrival is filed under its broadcast.
      const payload = { user_id: '00000000-0000-4000-8000-000000000001', risk_level: 'moderate', previous_level: 'low', asi: 50 + b, votes: b, updated_at: new Date().toISOString() };
      const t0 = performance.now();
      await notifier.query('SELECT pg_notify($1, $2)', ['aura_risk_updates', JSON.stringify({ type: 'USER_RISK_UPDATE', payload })]);
      for (let i = 0; i < 400 && (arrivals[b]?.filter(Boolean).length ?? 0) < WS_CLIENTS; i++) await new Promise((r) => setTimeout(r, 5));
      const times = (arrivals[b] ?? []).filter(Boolean).map((t) => t - t0).sort((x, y) => x - y);
      runs.push({ reached: times.length, firstMs: round(times[0]), medianMs: round(times[times.length >> 1]), allReachedMs: times.length === WS_CLIENTS ? round(times[times.length - 1]) : Infinity });
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await notifier.end();
    for (const ws of sockets) ws.close();
  }
  return { clients: WS_CLIENTS, runs, worstAllReachedMs: Math.max(...runs.map((r) => r.allReachedMs)) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function printTable(r: { users: number; loadAverage1m: { before: number; after: number }; http: { endpoints: { path: string; p50Ms: number; p99Ms: number; requestsPerSecond: number; non2xx: number }[] }; broadcast: { clients: number; runs: { allReachedMs: number; medianMs: number }[]; worstAllReachedMs: number } }): void {
  console.log(`\nserve benchmark, ${r.users} users, ${CONNECTIONS} connections x ${SECONDS} s per endpoint (load average ${r.loadAverage1m.before} -> ${r.loadAverage1m.after} on ${cpus().length} CPUs)`);
  console.log('| endpoint | p50 ms | p99 ms | req/s | non-2xx |');
  console.log('|---|---|---|---|---|');
  for (const e of r.http.endpoints) console.log(`| ${e.path} | ${e.p50Ms} | ${e.p99Ms} | ${e.requestsPerSecond} | ${e.non2xx} |`);
  console.log(`\nbroadcast to ${r.broadcast.clients} ws/live clients (NOTIFY -> last client), ${r.broadcast.runs.length} runs:`);
  console.log(`  all reached, ms: ${r.broadcast.runs.map((x) => x.allReachedMs).join(', ')}; median client, ms: ${r.broadcast.runs.map((x) => x.medianMs).join(', ')}`);
  console.log(`  worst: ${r.broadcast.worstAllReachedMs} ms (target 1000 ms)`);
}
