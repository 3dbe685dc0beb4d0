// Per-command context: resolved config, logger, progress, and the databases to use (configured or embedded).
import type { Command } from 'commander';
import { resolveConfig, type Config, type DatabaseUrls } from '../config.js';
import { openRunConnections, type RunConnections } from '../db/connections.js';
import { EMBEDDED_DATABASES } from '../db/embedded.js';
import { createLogger, type Logger } from '../log.js';
import { createProgress, silentProgress, type Progress } from '../progress.js';
import { StderrLines } from '../stderr-lines.js';
import { formatSummaries, type SummaryBlock } from './summary-block.js';

export interface GlobalFlags {
  logLevel?: string;
  logFormat?: string;
  quiet?: boolean;
  config?: string;
  json?: boolean;
}

export interface CommandContext {
  config: Readonly<Config>;
  logger: Logger;
  progress: Progress;
  json: boolean;
  /** performance.now() when the command started: summaries say how long it took. */
  started: number;
  /** Where the analytics data is, for summaries (set by openDatabases). */
  where?: string;
  /** Prints the command's result: JSON on stdout with --json, else the human lines. */
  print(result: unknown, human: () => string): void;
  /** Prints the result as JSON with --json, else the summary block(s), with the time taken and where the data is. */
  summarize(result: unknown, blocks: () => SummaryBlock | SummaryBlock[]): void;
}

/** Resolves the config with the command's own flags mapped to config names (highest priority). */
export function createContext(cmd: Command, flagVars: Record<string, string | undefined> = {}): CommandContext {
  const g = cmd.optsWithGlobals() as GlobalFlags;
  const flags: Record<string, string> = {};
  // --quiet: warnings, errors and the result only (an explicit --log-level still wins).
  const logLevel = g.logLevel ?? (g.quiet ? 'warn' : undefined);
  for (const [k, v] of Object.entries({ LOG_LEVEL: logLevel, AURA_LOG_FORMAT: g.logFormat, ...flagVars })) if (v !== undefined) flags[k] = v;
  const config = resolveConfig({ configFile: g.config, flags });
  const started = performance.now();
  const terminal = Boolean(process.stderr.isTTY);
  const prettyLogs = config.logFormat === 'pretty' || (config.logFormat === 'auto' && terminal);
  // One writer for logs and bars: while bars are drawn, log lines go above them.
  const lines = new StderrLines();
  const logger = createLogger({ level: config.logLevel, pretty: prettyLogs ? { out: lines, colorize: terminal && !config.noColor } : undefined });
  const bars = terminal && prettyLogs && !g.json && config.logLevel !== 'debug' && config.logLevel !== 'trace';
  const progress = g.quiet ? silentProgress : createProgress({ logger, tty: bars, lines });
  const json = Boolean(g.json);
  const ctx: CommandContext = {
    config,
    logger,
    progress,
    json,
    started,
    print(result, human) {
      progress.stop(); // the result never lands on a bar's line
      process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : human() + '\n');
    },
    summarize(result, blocks) {
      ctx.print(result, () => {
        const list = [blocks()].flat();
        const took = Math.round(performance.now() - started) / 1000;
        const last = (i: number) => i === list.length - 1;
        return formatSummaries(list.map((b, i) => ({ ...b, seconds: b.seconds ?? (last(i) ? took : undefined), where: b.where ?? (last(i) ? ctx.where : undefined) })));
      });
    },
  };
  return ctx;
}

export interface OpenDatabases {
  urls: DatabaseUrls;
  /** This process's pools over `urls` (opened on first use, ended by `withDatabases`), for the core functions. */
  connections: RunConnections;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The configured databases, or, with no database URL configured at all, the embedded PostgreSQL of
 * `aura-miner demo` (started if needed, and said in the log).
 */
export async function openDatabases(ctx: CommandContext): Promise<OpenDatabases> {
  if (ctx.config.databases) {
    ctx.where = describeDatabase(ctx.config.databases.analytics);
    return withConnections(ctx.config.databases, false, async () => {});
  }
  ctx.where = `analytics database ${EMBEDDED_DATABASES.analytics} in the embedded PostgreSQL at ${ctx.config.embeddedDir}`;
  ctx.logger.info({ dir: ctx.config.embeddedDir }, 'no database configured: using the embedded PostgreSQL of `aura-miner demo`');
  const { embeddedUrls, startEmbeddedPostgres } = await import('../db/embedded.js');
  const server = await startEmbeddedPostgres({
    dir: ctx.config.embeddedDir,
    databases: Object.values(EMBEDDED_DATABASES),
    onLog: (line) => ctx.logger.trace({ postgres: line.trim() }, 'embedded postgres'),
  });
  return withConnections(embeddedUrls(server), true, () => server.stop());
}

function withConnections(urls: DatabaseUrls, embedded: boolean, stop: () => Promise<void>): OpenDatabases {
  const { connections, end } = openRunConnections(urls);
  return {
    urls,
    connections,
    embedded,
    close: async () => {
      await end();
      await stop();
    },
  };
}

/** `analytics database NAME on HOST:PORT`, never the user or password. */
export function describeDatabase(url: string): string {
  const u = new URL(url);
  return `analytics database ${decodeURIComponent(u.pathname.slice(1))} on ${u.hostname}${u.port ? `:${u.port}` : ''}`;
}

/** Runs `fn` with the databases open, closing them (and the progress bars) whatever happens. */
export async function withDatabases<T>(ctx: CommandContext, fn: (dbs: OpenDatabases) => Promise<T>): Promise<T> {
  const dbs = await openDatabases(ctx);
  try {
    return await fn(dbs);
  } finally {
    ctx.progress.stop();
    await dbs.close();
  }
}
