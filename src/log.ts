// pino logger on stderr with redaction: texts, emails, tokens and user ids never reach the logs.
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.js';
import { createPrettyDestination } from './log-pretty.js';
import type { LineWriter } from './stderr-lines.js';

export type { Logger };

/** Field names whose values are never logged, at any depth pino can address. */
const SECRET_FIELDS = ['content', 'text', 'email', 'token', 'authorization', 'password', 'user_id', 'userId', 'user_id_raiz'];

export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  'req.headers.authorization',
  'req.headers["sec-websocket-protocol"]',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Defaults to stderr, so stdout stays free for --json results. */
  destination?: pino.DestinationStream;
  /** Human lines (pino-pretty) to this writer instead of JSON lines to `destination`. */
  pretty?: { out: LineWriter; colorize: boolean };
}

export function createLogger(opts: LoggerOptions): Logger {
  const detail = opts.level === 'debug' || opts.level === 'trace';
  const destination = opts.pretty
    ? createPrettyDestination({ ...opts.pretty, detail })
    : (opts.destination ?? pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level: opts.level,
      base: { app: 'aura-miner' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/** Replaces any postgres URL password in a message (errors from pg may echo connection strings). */
export function scrubSecrets(message: string): string {
  return message.replace(/(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/g, '$1***@');
}
