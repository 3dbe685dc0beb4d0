// Runs the built CLI under a pseudo-terminal (node-pty), as in a user's terminal, and reads what the screen shows
// through a headless terminal emulator (@xterm/headless): cursor moves, line clears and redraws included.
import { join } from 'node:path';
import xterm from '@xterm/headless';
import * as pty from 'node-pty';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const PTY_COLUMNS = 160;

export interface PtyRun {
  /** Everything written to the terminal so far, raw (escape sequences included). */
  readonly raw: string;
  /** Resolves with the exit code (128 + signal when killed by one). */
  readonly exited: Promise<number>;
  /** Types into the terminal ('\x03' is Ctrl-C: SIGINT to the foreground process group, PostgreSQL included). */
  write(data: string): void;
  /** Resolves with the first match in the screen text, once it appears. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The lines the terminal shows (wrapped rows joined), scrollback included, trailing blanks trimmed. */
  screen(): string[];
  /** Sends a signal unless the process has already exited (then a no-op). */
  kill(signal?: string): void;
}

export interface PtyOptions {
  env?: Record<string, string>;
  cwd: string;
  /** Called after each chunk has been drawn, with the screen as it is then. */
  onDraw?: (screen: string[]) => void;
}

export function runCliInPty(args: string[], opts: PtyOptions): PtyRun {
  const term = new xterm.Terminal({ cols: PTY_COLUMNS, rows: 40, scrollback: 5000, allowProposedApi: true });
  const child = pty.spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), ...args], {
    name: 'xterm-256color',
    cols: PTY_COLUMNS,
    rows: 40,
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm-256color', ...opts.env },
  });
  let raw = '';
  let drawn = Promise.resolve();
  const waiters = new Set<() => void>();
  const screen = () => {
    const b = term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text = line?.translateToString(true) ?? '';
      // A line longer than the terminal is wide continues on the next row: one line again here.
      if (line?.isWrapped && rows.length) rows[rows.length - 1] = rows[rows.length - 1]!.padEnd(PTY_COLUMNS) + text;
      else rows.push(text);
    }
    while (rows.length && rows[rows.length - 1] === '') rows.pop();
    return rows;
  };
  child.onData((data) => {
    raw += data;
    drawn = drawn.then(
      () =>
        new Promise<void>((resolve) =>
          term.write(data, () => {
            opts.onDraw?.(screen());
            for (const w of waiters) w();
            resolve();
          }),
        ),
    );
  });
  let gone = false;
  const exited = new Promise<number>((resolve) =>
    child.onExit(({ exitCode, signal }) => {
      gone = true;
      void drawn.then(() => resolve(signal ? 128 + signal : exitCode));
    }),
  );
  return {
    get raw() {
      return raw;
    },
    exited,
    write: (data) => child.write(data),
    screen,
    kill: (signal) => {
      if (!gone) child.kill(signal);
    },
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(screen().join('\n'));
          if (!m) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern} on the terminal:\n${screen().join('\n')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
        void exited.then(() => setTimeout(() => check() || (waiters.delete(check), clearTimeout(timer), reject(new Error(`exited before ${pattern} appeared:\n${screen().join('\n')}`))), 50));
      });
    },
  };
}

/** A human log line as pino-pretty prints it: `[HH:MM:SS] LEVEL: message`. */
export const PRETTY_LOG_LINE = /\[\d\d:\d\d:\d\d(\.\d+)?\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL):/;
/** A progress bar's count and rate as src/progress.ts draws them, wherever on a row (`7,803  5,554/s`, `42/100  12/s`). */
export const PROGRESS_BAR_PART = /[\d,]+(\/[\d,]+)?\s{2}[\d,]+\/s\b/;
