// `--help` that teaches: commands grouped by what a user does, and each command's help ending with examples.
import type { Command } from 'commander';

export const HELP_GROUPS = {
  setUp: 'Set up:',
  run: 'Run:',
  look: 'Look at the results:',
  operate: 'Operate:',
} as const;

interface CommandHelp {
  group: (typeof HELP_GROUPS)[keyof typeof HELP_GROUPS];
  /** One or two command lines, each with what it does. */
  examples: [command: string, what: string][];
}

/** Every command's group and examples (a test checks that each registered command has an entry). */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  demo: {
    group: HELP_GROUPS.setUp,
    examples: [
      ['aura-miner demo', 'synthetic data in an embedded PostgreSQL, the whole pipeline, a summary'],
      ['aura-miner demo --users 500 --serve', 'the same, then the dashboard until Ctrl-C'],
    ],
  },
  migrate: { group: HELP_GROUPS.setUp, examples: [['aura-miner migrate', 'create or upgrade the analytics schema (safe to repeat)']] },
  seed: {
    group: HELP_GROUPS.setUp,
    examples: [
      ['aura-miner seed --users 10000', 'write 10,000 synthetic users into empty source databases'],
      ['aura-miner seed --users 2000 --reset --truth truth.csv', 'start again, keeping the planted risk levels aside'],
    ],
  },
  etl: {
    group: HELP_GROUPS.run,
    examples: [
      ['aura-miner etl --dry-run', 'check every connection and show what would be read and written'],
      ['aura-miner etl --cluster', 'the nightly run: feature vectors, then risk levels'],
    ],
  },
  extract: {
    group: HELP_GROUPS.run,
    examples: [
      ['aura-miner extract --out out/extract', 'every dataset as CSV, with a manifest'],
      ['aura-miner extract --tables population,messages', 'two datasets only'],
    ],
  },
  transform: { group: HELP_GROUPS.run, examples: [['aura-miner transform --in out/extract --out out/transform', 'feature vectors from extract files, no database needed']] },
  load: { group: HELP_GROUPS.run, examples: [['aura-miner load --in out/transform', 'the transform\'s vectors into the analytics database, all or nothing']] },
  score: {
    group: HELP_GROUPS.run,
    examples: [
      ['aura-miner score --shard 0/4', 'score a quarter of the changed texts (run 0/4 to 3/4 in parallel)'],
      ['aura-miner etl --skip-scoring', 'then build the vectors from the stored scores'],
    ],
  },
  cluster: {
    group: HELP_GROUPS.run,
    examples: [
      ['aura-miner cluster', 'risk levels for the loaded vectors (same seed, same labels)'],
      ['aura-miner cluster --vote-rule majority --k 5', 'the SPEC\'s vote rule with five K-Means clusters'],
    ],
  },
  export: {
    group: HELP_GROUPS.run,
    examples: [
      ['aura-miner export --to ./lake', 'vectors, verdicts and history as Parquet in a folder'],
      ['aura-miner export --to s3://aura-lake/miner --dry-run', 'list what would be written to S3'],
    ],
  },
  serve: {
    group: HELP_GROUPS.look,
    examples: [
      ['aura-miner serve', 'the dashboard and the API on http://localhost:8001/'],
      ['AURA_API_TOKENS=$(openssl rand -hex 32) aura-miner serve --port 8080', 'with a token for the per-user views'],
    ],
  },
  svg: {
    group: HELP_GROUPS.look,
    examples: [
      ['aura-miner svg --out out/charts', 'the charts of the latest cluster run'],
      ['aura-miner svg --lang en', 'the same with English labels'],
    ],
  },
  watch: {
    group: HELP_GROUPS.operate,
    examples: [
      ['aura-miner watch --install-triggers', 'once, as the tables\' owner: the NOTIFY triggers'],
      ['aura-miner watch', 're-score changed users live until Ctrl-C or SIGTERM'],
    ],
  },
};

const PROGRAM_EXAMPLES: [string, string][] = [
  ['npx aura-miner demo', 'try it: synthetic data, the whole pipeline, a summary'],
  ['npx aura-miner serve', 'then open the dashboard'],
  ['aura-miner etl --cluster --log-format json', 'in cron or Kubernetes (JSON logs are the default off a terminal)'],
];

export function formatExamples(examples: [string, string][]): string {
  return ['', 'Examples:', ...examples.flatMap(([c, what]) => [`  # ${what}`, `  $ ${c}`])].join('\n');
}

/** Puts each command in its group and ends its help with its examples; the program's help ends with first steps. */
export function applyHelp(program: Command): void {
  for (const cmd of program.commands) {
    const help = COMMAND_HELP[cmd.name()];
    if (!help) continue;
    cmd.helpGroup(help.group);
    cmd.addHelpText('after', formatExamples(help.examples));
  }
  program.commandsGroup(HELP_GROUPS.operate).helpCommand('help [command]', 'show the help of a command, with examples');
  program.addHelpText('after', formatExamples(PROGRAM_EXAMPLES));
}
