// Builds the commander program and maps errors to exit codes and one readable line (SPEC §1).
import { Command, CommanderError, Option } from 'commander';
import { LOG_FORMATS, LOG_LEVELS } from '../config.js';
import { AuraError, EXIT, exitCodeOf } from '../errors.js';
import { userPathError } from '../fs-errors.js';
import { scrubSecrets } from '../log.js';
import { registerCluster } from './commands/cluster.js';
import { registerDemo } from './commands/demo.js';
import { registerEtl } from './commands/etl.js';
import { registerExtract } from './commands/extract.js';
import { registerLoad } from './commands/load.js';
import { registerMigrate } from './commands/migrate.js';
import { registerScore } from './commands/score.js';
import { registerSeed } from './commands/seed.js';
import { registerServe } from './commands/serve.js';
import { registerSvg } from './commands/svg.js';
import { registerTransform } from './commands/transform.js';
import { registerWatch } from './commands/watch.js';
import { applyHelp } from './help.js';

export function buildProgram(): Command {
  const program = new Command('aura-miner')
    .description('Mines the AURA databases into per-user feature vectors, flags users at risk, and publishes charts and a live API.')
    .version('0.1.0')
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS as string[]))
    .addOption(new Option('--log-format <format>', 'human lines on a terminal, JSON lines otherwise (auto); or force one (AURA_LOG_FORMAT)').choices(LOG_FORMATS as string[]))
    .option('-q, --quiet', 'only warnings, errors and the final result: no progress, no info lines')
    .option('--config <file>', 'configuration file (JSON or KEY=VALUE lines) with the names of .env')
    .option('--json', 'print the machine-readable result on stdout')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`aura-miner: ${str.replace(/^error: /, '')}`) });
  for (const register of [registerMigrate, registerSeed, registerExtract, registerTransform, registerLoad, registerEtl, registerScore, registerCluster, registerSvg, registerDemo, registerServe, registerWatch]) {
    register(program);
  }
  applyHelp(program);
  program.commands.forEach((c) => c.exitOverride().configureOutput(program.configureOutput()));
  return program;
}

/** Runs the CLI; returns nothing, sets process.exitCode. `program` is a test seam (actions replaced). */
export async function main(argv: string[], program = buildProgram()): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err, argv);
  }
}

function reportError(err: unknown, argv: string[]): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.usage; // commander already printed one line
  }
  const debug = argv.some((a, i) => (a === '--log-level' && (argv[i + 1] === 'debug' || argv[i + 1] === 'trace')) || a === '--log-level=debug' || a === '--log-level=trace');
  // A path the user gave that the file system refuses (EEXIST, ENOENT, EACCES, EISDIR...) is a usage error.
  err = userPathError(err) ?? err;
  const message = err instanceof Error ? err.message : String(err);
  // One line whatever the message holds (a value echoed from a flag may carry a newline).
  process.stderr.write(`aura-miner: ${scrubSecrets(message).replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(scrubSecrets(err.stack) + '\n');
  if (!(err instanceof AuraError) && !debug) process.stderr.write('aura-miner: (run with --log-level debug for the stack trace)\n');
  return exitCodeOf(err);
}
