// CPU seconds of the benchmarked processes, to tell what a wall time could be at best on this machine's cores.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100; // Linux's USER_HZ (getconf CLK_TCK)

/** Fields of /proc/<pid>/stat after the command name (state is [0], ppid [1], utime [11] ... cstime [14]). */
function statFields(pid: number | string): string[] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // the process ended between the listing and the read
  }
}

/**
 * CPU seconds a PostgreSQL server has used so far: the postmaster's own and its ended (reaped) backends'
 * (cutime/cstime), plus its live backends'. The difference of two readings is the server's CPU in between.
 */
export function postgresCpuSeconds(dataDir: string): number {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const own = statFields(pid);
  if (!own) throw new Error(`postmaster ${pid} is not running`);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f && Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** User + system CPU seconds of a live process so far (NaN once it has ended). */
export function processCpuSeconds(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND : NaN;
}

/** This process's CPU seconds (user + system) so far. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * CPU seconds of a measured span: node's (the etl process, or the benchmark's own for a floor) and
 * PostgreSQL's. On this machine's cores no schedule can beat `total / cores` seconds of wall time.
 */
export interface CpuSeconds {
  node: number;
  postgres: number;
  total: number;
  wallAtLeast: number;
}

export function cpuSeconds(node: number, postgres: number): CpuSeconds {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { node: r(node), postgres: r(postgres), total: r(node + postgres), wallAtLeast: r((node + postgres) / availableParallelism()) };
}

/** CPU seconds of one or more servers (sources and analytics on two servers: both). */
export function serversCpuSeconds(dataDirs: string | readonly string[]): number {
  return (typeof dataDirs === 'string' ? [dataDirs] : dataDirs).reduce((a, d) => a + postgresCpuSeconds(d), 0);
}

/** Runs `f` and returns its wall seconds and CPU seconds (this process's and the servers'). */
export async function measured<T>(dataDirs: string | readonly string[], f: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: CpuSeconds }> {
  const t = performance.now();
  const before = [ownCpuSeconds(), serversCpuSeconds(dataDirs)];
  const value = await f();
  const seconds = (performance.now() - t) / 1000;
  return { value, seconds, cpuSeconds: cpuSeconds(ownCpuSeconds() - before[0], serversCpuSeconds(dataDirs) - before[1]) };
}
