// Per-command context: resolved config, logger, progress, and the databases to use (configured or embedded).
import type { Command } from 'commander';
import { resolveConfig, type Config, type DatabaseUrls } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { createProgress, type Progress } from '../progress.js';

/** Database names the embedded default creates (as in the seeds). */
export const EMBEDDED_DATABASES = { auth: 'aura_auth', social: 'aura_social', messaging: 'aura_messaging', analytics: 'aura_data_miner' } as const;

export interface GlobalFlags {
  logLevel?: string;
  config?: string;
  json?: boolean;
}

export interface CommandContext {
  config: Readonly<Config>;
  logger: Logger;
  progress: Progress;
  json: boolean;
  /** Prints the command's result: JSON on stdout with --json, else the human lines. */
  print(result: unknown, human: () => string): void;
}

/** Resolves the config with the command's own flags mapped to config names (highest priority). */
export function createContext(cmd: Command, flagVars: Record<string, string | undefined> = {}): CommandContext {
  const g = cmd.optsWithGlobals() as GlobalFlags;
  const flags: Record<string, string> = {};
  for (const [k, v] of Object.entries({ LOG_LEVEL: g.logLevel, ...flagVars })) if (v !== undefined) flags[k] = v;
  const config = resolveConfig({ configFile: g.config, flags });
  const logger = createLogger({ level: config.logLevel });
  const tty = Boolean(process.stderr.isTTY) && !g.json && config.logLevel !== 'debug' && config.logLevel !== 'trace';
  const progress = createProgress({ logger, tty });
  const json = Boolean(g.json);
  return {
    config,
    logger,
    progress,
    json,
    print(result, human) {
      process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : human() + '\n');
    },
  };
}

export interface OpenDatabases {
  urls: DatabaseUrls;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The configured databases, or, with no database URL configured at all, the embedded PostgreSQL of
 * `aura-miner demo` (started if needed, and said in the log).
 */
export async function openDatabases(ctx: CommandContext): Promise<OpenDatabases> {
  if (ctx.config.databases) return { urls: ctx.config.databases, embedded: false, close: async () => {} };
  ctx.logger.info({ dir: ctx.config.embeddedDir }, 'no database configured: using the embedded PostgreSQL of `aura-miner demo`');
  const { startEmbeddedPostgres } = await import('../db/embedded.js');
  const server = await startEmbeddedPostgres({
    dir: ctx.config.embeddedDir,
    databases: Object.values(EMBEDDED_DATABASES),
    onLog: (line) => ctx.logger.trace({ postgres: line.trim() }, 'embedded postgres'),
  });
  const urls = {
    auth: server.url(EMBEDDED_DATABASES.auth),
    social: server.url(EMBEDDED_DATABASES.social),
    messaging: server.url(EMBEDDED_DATABASES.messaging),
    analytics: server.url(EMBEDDED_DATABASES.analytics),
  };
  return { urls, embedded: true, close: () => server.stop() };
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
