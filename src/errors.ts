// Typed errors mapped to exit codes and one-line messages at the CLI door (SPEC §1).

/** Exit codes of SPEC §1. */
export const EXIT = { ok: 0, failed: 1, usage: 2, nothingToDo: 3 } as const;

export class AuraError extends Error {
  readonly exitCode: number = EXIT.failed;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad flags, bad configuration values, malformed URLs: exit 2. */
export class ConfigError extends AuraError {
  override readonly exitCode: number = EXIT.usage;
}

/** A source database could not be read. */
export class SourceError extends AuraError {}

/** Writing to the analytics database failed; nothing was changed. */
export class LoadError extends AuraError {}

/** A run's result is unusable (a cluster run that flags nearly everyone): nothing was changed; HTTP 422. */
export class UnusableResultError extends AuraError {}

/** Nothing to do: empty source, no vectors, or another run holds the lock (exit 3). */
export class NothingToDoError extends AuraError {
  override readonly exitCode: number = EXIT.nothingToDo;
}

/** Another run holds the advisory lock (exit 3 so a scheduler can tell it from a failure). */
export class BusyError extends NothingToDoError {}

export function exitCodeOf(err: unknown): number {
  return err instanceof AuraError ? err.exitCode : EXIT.failed;
}
