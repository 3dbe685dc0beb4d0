// Human log lines for a terminal (pino-pretty): time, level, message and the plain fields that matter.
import type { DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { LineWriter } from './stderr-lines.js';

/** pino's own fields, and `app` (always aura-miner): never worth a place on a human line. */
const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg', 'err']);
/** A human line shows at most this many fields; the rest (and every nested object) is in the JSON and debug logs. */
export const PRETTY_MAX_FIELDS = 6;

export interface PrettyDestinationOptions {
  out: LineWriter;
  colorize: boolean;
  /** Print every field, nested objects included, below the line (debug and trace levels). */
  detail: boolean;
}

/**
 * A synchronous pino destination writing one human line per record. The record arrives as pino's JSON,
 * after redaction: a redacted field reads `[redacted]` here too.
 */
export function createPrettyDestination(opts: PrettyDestinationOptions): DestinationStream {
  const pretty = prettyFactory({
    colorize: opts.colorize,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app',
    singleLine: false,
    hideObject: !opts.detail,
    messageFormat: opts.detail ? undefined : (log, messageKey) => humanMessage(log, messageKey),
  });
  return { write: (json: string) => opts.out.write(pretty(json)) };
}

/** The message, then `key=value` for scalar fields, then an error's message. */
export function humanMessage(log: Record<string, unknown>, messageKey = 'msg'): string {
  const fields = Object.entries(log)
    .filter(([k, v]) => !HIDDEN_FIELDS.has(k) && k !== messageKey && isScalar(v))
    .slice(0, PRETTY_MAX_FIELDS)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`);
  const err = log.err as { message?: unknown } | undefined;
  const parts = [String(log[messageKey] ?? ''), ...fields];
  if (err && typeof err.message === 'string') parts.push(`(${err.message})`);
  return parts.filter(Boolean).join('  ');
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
