// A long-running aura-miner process standing in for a pod: wait for a log line, signal it, time its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { loadFactor } from '../support/load-factor.js';
import { tempDir } from '../support/temp-dir.js';

export interface Pod {
  child: ChildProcess;
  /** Everything written on stderr so far (pino JSON lines). */
  log(): string;
  /** Resolves when the log matches (a pattern, or a test of the whole log), rejects after `ms` (on an idle machine, scaled by the load) or when the process exits first. */
  waitForLog(pattern: RegExp | ((log: string) => boolean), ms?: number): Promise<void>;
  /**
   * Sends the signal and, as the kubelet does after the grace period, SIGKILL if it is still running then.
   * Resolves with the exit code (null when ended by a signal) and the seconds it took.
   */
  stop(signal: NodeJS.Signals, graceSeconds?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; seconds: number }>;
}

export function startPod(args: string[], env: Record<string, string>): Pod {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), ...args], {
    cwd: tempDir('aura-pod-'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stderr!.on('data', (d) => {
    stderr += d;
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    log: () => stderr,
    waitForLog(pattern, idleMs = 30_000) {
      const ms = Math.round(idleMs * loadFactor()); // a process start is CPU-bound: see load-factor.ts
      return new Promise((resolve, reject) => {
        const finish = (err?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (err) reject(err);
          else resolve();
        };
        const check = () => {
          if (typeof pattern === 'function' ? pattern(stderr) : pattern.test(stderr)) finish();
        };
        const timer = setTimeout(() => finish(new Error(`no ${pattern} in ${ms} ms:\n${stderr.slice(-2000)}`)), ms);
        listeners.add(check);
        void exited.then(() => finish(new Error(`exited before ${pattern}:\n${stderr.slice(-2000)}`))); // no-op once settled
        check();
      });
    },
    async stop(signal, graceSeconds = 30) {
      const started = performance.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const deadline = setTimeout(() => child.kill('SIGKILL'), graceSeconds * 1000);
      const { code, signal: by } = await exited;
      clearTimeout(deadline);
      return { code, signal: by, seconds: (performance.now() - started) / 1000 };
    },
  };
}
