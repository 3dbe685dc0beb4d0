// `--help` teaches: commands grouped by what a user does; every command's help ends with examples that parse.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMAND_HELP, HELP_GROUPS } from '../../src/cli/help.js';
import { buildProgram } from '../../src/cli/index.js';
import { parseWithRealCli } from '../deploy/real-cli-parse.js';
import { runCli } from '../support/run-cli.js';

describe('help', () => {
  test('every command has a group and one or two examples', () => {
    for (const cmd of buildProgram().commands) {
      const help = COMMAND_HELP[cmd.name()];
      assert.ok(help, `${cmd.name()} has no entry in COMMAND_HELP (src/cli/help.ts)`);
      assert.ok(help.examples.length >= 1 && help.examples.length <= 2, cmd.name());
      assert.equal(cmd.helpGroup(), help.group);
    }
  });

  test('every example is a command line the CLI accepts', async () => {
    for (const [name, help] of Object.entries(COMMAND_HELP)) {
      if (!buildProgram().commands.some((c) => c.name() === name)) continue; // a command not registered (yet)
      for (const [line] of help.examples) {
        const words = line.replace(/^([A-Z_]+=(\$\([^)]*\)|\S+) )+/, '').split(/\s+/);
        assert.equal(words[0], 'aura-miner', line);
        assert.equal(await parseWithRealCli(words.slice(1)), undefined, line);
      }
    }
  });

  test('the built CLI: top-level help in groups, in order; a command help ends with its examples', async () => {
    const top = await runCli(['--help']);
    assert.equal(top.code, 0);
    const headings = Object.values(HELP_GROUPS).map((h) => top.stdout.indexOf(`\n${h}\n`));
    assert.ok(headings.every((i) => i > 0), top.stdout);
    assert.deepEqual([...headings].sort((a, b) => a - b), headings, 'set up, run, look, operate');
    assert.match(top.stdout, /Examples:\n[\s\S]*\$ npx aura-miner demo/);
    const demo = await runCli(['demo', '--help']);
    assert.match(demo.stdout, /Examples:\n {2}# .*\n {2}\$ aura-miner demo\n[\s\S]*--serve\n$/);
  });
});
