// Every aura-miner command line in the manifests, Dockerfile, crontab and docs parses with the real CLI: no drift.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli } from '../support/run-cli.js';
import { commandLinesInCrontab, commandLinesInDockerfile, commandLinesInDocs, commandLinesInManifests, type CommandLine } from './command-lines.js';
import { parseWithRealCli, subcommandOf } from './real-cli-parse.js';

const sources = {
  manifests: commandLinesInManifests(),
  dockerfile: commandLinesInDockerfile(),
  crontab: commandLinesInCrontab(),
  docs: commandLinesInDocs(),
};
const all: CommandLine[] = Object.values(sources).flat();
const subcommands = (lines: CommandLine[]) => [...new Set(lines.map((l) => subcommandOf(l.args) ?? '(none)'))].sort();

describe('aura-miner command lines in deployment files and docs', () => {
  test('the extraction finds the commands each file is known to run', () => {
    assert.deepEqual(subcommands(sources.manifests), ['etl', 'migrate', 'score', 'serve', 'watch']);
    assert.deepEqual(subcommands(sources.dockerfile), ['(none)']);
    assert.deepEqual(subcommands(sources.crontab), ['etl', 'migrate']);
    assert.ok(sources.docs.length >= 8, `only ${sources.docs.length} command lines found in the docs`);
  });

  test('each one parses with the real commander program (commands, flags, values, choices)', async () => {
    const failures: string[] = [];
    for (const line of all) {
      const error = await parseWithRealCli(line.args);
      if (error) failures.push(`${line.source}\n    aura-miner ${line.args.join(' ')}\n    -> ${error}`);
    }
    assert.equal(failures.length, 0, `\n${failures.join('\n')}`);
  });

  test('the check rejects what the CLI rejects', async () => {
    assert.match((await parseWithRealCli(['etl', '--bogus'])) ?? '', /unknown option '--bogus'/);
    assert.match((await parseWithRealCli(['nosuch'])) ?? '', /unknown command 'nosuch'/);
    assert.match((await parseWithRealCli(['--log-level', 'loud', 'etl'])) ?? '', /loud/);
    assert.match((await parseWithRealCli(['etl', 'extra'])) ?? '', /too many arguments/);
    assert.equal(await parseWithRealCli(['etl', '--dry-run']), undefined);
    assert.equal(await parseWithRealCli(['--help']), undefined);
  });

  test('the built binary prints the help of every subcommand used', async () => {
    for (const sub of subcommands(all).filter((s) => s !== '(none)')) {
      const r = await runCli([sub, '--help']);
      assert.equal(r.code, 0, `aura-miner ${sub} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: aura-miner ${sub} `), sub);
    }
  });
});
