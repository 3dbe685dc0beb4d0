// Runs one etl in its own process and prints its result with the process's peak RSS (for bench/etl.ts).
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
process.stdout.write(JSON.stringify({ result, seconds: (performance.now() - started) / 1000, peakRssMB: process.resourceUsage().maxRSS / 1024, cpuSeconds: ownCpuSeconds() - cpuAtStart }) + '\n');
