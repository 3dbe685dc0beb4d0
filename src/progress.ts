// Progress reporting: cli-progress bars (rate, ETA) on a TTY with log lines above them, periodic log lines otherwise (SPEC §1).
import cliProgress from 'cli-progress';
import type { Logger } from './log.js';
import { StderrLines } from './stderr-lines.js';

export interface ProgressTask {
  increment(n?: number): void;
  /** The expected count (an estimate is fine): the bar shows percent and ETA from then on. */
  setTotal(total: number): void;
  stop(): void;
}

export interface Progress {
  task(label: string, total?: number): ProgressTask;
  stop(): void;
}

export interface ProgressOptions {
  logger: Logger;
  /** Draw bars (stderr is a TTY, logs are human lines and the log level is not debug). */
  tty: boolean;
  /** Where log lines go while bars are drawn: above them (required with `tty`). */
  lines?: StderrLines;
  /** Seconds between log lines when not on a TTY. @default 5 */
  intervalSeconds?: number;
}

export function createProgress(opts: ProgressOptions): Progress {
  return opts.tty ? createBarProgress(opts.lines ?? new StderrLines()) : createLogProgress(opts.logger, opts.intervalSeconds ?? 5);
}

/** A progress reporter that reports nothing (library calls, tests, --quiet). */
export const silentProgress: Progress = {
  task: () => ({ increment() {}, setTotal() {}, stop() {} }),
  stop() {},
};

interface BarPayload {
  label: string;
  /** The task was given a total: draw a bar with percent and ETA, else a running count. */
  known: boolean;
  started: number;
  /** When the task stopped: its rate stays the one it ended with. */
  ended?: number;
}

/** ` texts scored |████░░░░| 42% 4200/10000  1,230/s  eta 5s`, or without a total ` texts scored  4200  1,230/s  4s`. */
export function formatBarLine(options: cliProgress.Options, params: cliProgress.Params, payload: BarPayload): string {
  const seconds = Math.max(0.001, ((payload.ended ?? Date.now()) - payload.started) / 1000);
  const rate = `${Math.round(params.value / seconds).toLocaleString('en')}/s`;
  const label = payload.label.padEnd(18);
  if (!payload.known) return ` ${label} ${params.value.toLocaleString('en').padStart(10)}  ${rate}  ${cliProgress.Format.TimeFormat(Math.round(seconds), options, 1)}`;
  const bar = cliProgress.Format.BarFormat(params.progress, options);
  const eta = params.value >= params.total ? 'done' : `eta ${cliProgress.Format.TimeFormat(params.eta, options, 5)}`;
  return ` ${label} |${bar}| ${String(Math.floor(params.progress * 100)).padStart(3)}% ${params.value}/${params.total}  ${rate}  ${eta}`;
}

function createBarProgress(lines: StderrLines): Progress {
  // One MultiBar while any task runs; once every task has stopped it is stopped and dropped, so log lines
  // go straight to stderr again and a later task starts a fresh set of bars.
  let multi: cliProgress.MultiBar | undefined;
  let running = 0;
  const stopBars = () => {
    if (!multi) return;
    if (multi.isActive) {
      multi.update(); // prints the lines logged since the last redraw, above the bars
      multi.stop();
    }
    multi = undefined;
  };
  return {
    task(label, total) {
      multi ??= new cliProgress.MultiBar(
        // gracefulExit off: the commands own SIGINT (serve, watch, demo --serve stop cleanly on it).
        { format: formatBarLine, hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 50, gracefulExit: false },
        cliProgress.Presets.shades_classic,
      );
      lines.attachBars(multi);
      const payload: BarPayload = { label, known: total !== undefined && total > 0, started: Date.now() };
      const bar = multi.create(total ?? 0, 0, payload);
      running++;
      let value = 0;
      let stopped = false;
      return {
        increment(n = 1) {
          value += n;
          if (value > bar.getTotal()) bar.setTotal(value);
          bar.update(value);
        },
        // An estimate (that may come late, or be low): never below what is already counted.
        setTotal: (t) => {
          if (stopped || !(t > 0)) return;
          payload.known = true;
          bar.setTotal(Math.max(t, value));
          bar.update(value);
        },
        stop: () => {
          if (stopped) return;
          stopped = true;
          payload.ended = Date.now();
          // A stopped task is complete: an estimate it did not reach is dropped, so the bar ends at 100%.
          if (payload.known) bar.setTotal(value);
          bar.update(value);
          bar.stop();
          if (--running === 0) stopBars();
        },
      };
    },
    stop: stopBars,
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
