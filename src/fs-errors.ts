// File system errors on paths the user chose (--out, --in, --config, --truth...): one plain line, a usage error.
import { ConfigError } from './errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EEXIST: 'already exists and is not a folder',
  ENOTDIR: 'has a file where a folder is needed',
  EISDIR: 'is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'is on a read-only file system',
};

/** A Node system error about a path the user gave (the codes above), or undefined for anything else. */
export function userPathError(err: unknown): ConfigError | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || !e.code || !(e.code in REASONS) || typeof e.path !== 'string') return undefined;
  return new ConfigError(`${e.path}: ${REASONS[e.code]} (${e.code}${e.syscall ? ` on ${e.syscall}` : ''})`, { cause: err });
}
