// Runs one etl in its own process and prints its result with the process's peak RSS (for bench/etl.ts).
import { readFileSync } from 'node:fs';
import { resolveConfig } from '../src/config.js';
import { runEtl } from '../src/etl/pipeline.js';
import { createLogger } from '../src/log.js';
import { silentProgress } from '../src/progress.js';
import { ownCpuSeconds } from './cpu-seconds.js';

const env = JSON.parse(process.argv[2]) as Record<string, string>;
const config = resolveConfig({ env, cwd: '/' });
const started = performance.now();
const cpuAtStart = ownCpuSeconds();
const result = await runEtl({ config, urls: config.databases!, logger: createLogger({ level: 'warn' }), progress: silentProgress });
process.stdout.write(JSON.stringify({ result, seconds: (performance.now() - started) / 1000, peakRssMB: peakRssMB(), cpuSeconds: ownCpuSeconds() - cpuAtStart }) + '\n');

/**
 * This process's peak RSS (VmHWM of its own memory map). Not getrusage's maxRSS: on Linux that keeps the
 * parent's RSS at fork across exec, so a child of a large benchmark process reported the parent's size.
 */
function peakRssMB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
