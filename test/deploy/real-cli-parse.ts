// Parses an argument list with the real commander program, actions replaced by no-ops: the CLI's own verdict.
import { CommanderError, type Command } from 'commander';
import { buildProgram } from '../../src/cli/index.js';

/** Commander codes that mean "parsed, and printed help or the version". */
const PRINTED = new Set(['commander.helpDisplayed', 'commander.version']);
/** Program options that take a value, so the subcommand is the word after it. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--log-level', '--log-format', '--config']);

/** undefined when `aura-miner ...args` parses (unknown commands, flags, missing values and bad choices do not). */
export async function parseWithRealCli(args: string[]): Promise<string | undefined> {
  const program = buildProgram();
  const quiet = (c: Command) => c.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  quiet(program);
  for (const c of program.commands) quiet(c).action(() => {});
  try {
    await program.parseAsync(['node', 'aura-miner', ...args]);
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError && PRINTED.has(err.code)) return undefined;
    return err instanceof Error ? err.message : String(err);
  }
}

/** The subcommand of an argument list (`--log-level warn etl --cluster` gives `etl`), if any. */
export function subcommandOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (GLOBAL_OPTIONS_WITH_VALUE.has(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) return args[i];
  }
  return undefined;
}
