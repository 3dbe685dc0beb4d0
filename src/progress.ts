// Progress reporting: cli-progress bars on a TTY, periodic structured log lines otherwise (SPEC §1).
import cliProgress from 'cli-progress';
import type { Logger } from './log.js';

export interface ProgressTask {
  increment(n?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

export interface Progress {
  task(label: string, total?: number): ProgressTask;
  stop(): void;
}

export interface ProgressOptions {
  logger: Logger;
  /** Draw bars (stderr is a TTY and the log level is not debug). */
  tty: boolean;
  /** Seconds between log lines when not on a TTY. @default 5 */
  intervalSeconds?: number;
}

export function createProgress(opts: ProgressOptions): Progress {
  return opts.tty ? createBarProgress() : createLogProgress(opts.logger, opts.intervalSeconds ?? 5);
}

/** A progress reporter that reports nothing (library calls, tests). */
export const silentProgress: Progress = {
  task: () => ({ increment() {}, setTotal() {}, stop() {} }),
  stop() {},
};

function createBarProgress(): Progress {
  const multi = new cliProgress.MultiBar(
    { format: ' {label} |{bar}| {value}/{total} {rate}', hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  return {
    task(label, total) {
      const bar = multi.create(total ?? 0, 0, { label: label.padEnd(18), rate: '' });
      let value = 0;
      return {
        increment(n = 1) {
          value += n;
          const rate = Math.round(value / Math.max(0.001, (Date.now() - started) / 1000));
          if (value > bar.getTotal()) bar.setTotal(value);
          bar.update(value, { rate: `${rate}/s` });
        },
        setTotal: (t) => bar.setTotal(t),
        stop: () => bar.stop(),
      };
    },
    stop: () => multi.stop(),
  };
}

function createLogProgress(logger: Logger, intervalSeconds: number): Progress {
  const tasks = new Map<string, { value: number; total?: number; started: number }>();
  const timer = setInterval(() => {
    for (const [label, t] of tasks) {
      const seconds = (Date.now() - t.started) / 1000;
      logger.info({ stage: label, done: t.value, total: t.total, perSecond: Math.round(t.value / Math.max(seconds, 0.001)) }, 'progress');
    }
  }, intervalSeconds * 1000);
  timer.unref();
  return {
    task(label, total) {
      const t = { value: 0, total, started: Date.now() };
      tasks.set(label, t);
      return {
        increment: (n = 1) => void (t.value += n),
        setTotal: (n) => void (t.total = n),
        stop: () => void tasks.delete(label),
      };
    },
    stop: () => clearInterval(timer),
  };
}
