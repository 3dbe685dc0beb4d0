// Unit tests of the shell-word splitter that finds aura-miner command lines in crontabs, RUN lines and docs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auraMinerCommands, logicalLines, splitShellWords } from './shell-commands.js';

describe('shell command extraction', () => {
  test('quotes, escapes, comments and operators', () => {
    assert.deepEqual(splitShellWords(`a 'b c' "d"e f\\ g # h`), ['a', 'b c', 'de', 'f g']);
    assert.deepEqual(splitShellWords('a&&b||c;d|e 2>&1 >>log <in'), ['a', '&&', 'b', '||', 'c', ';', 'd', '|', 'e', '2>&1', '>>', 'log', '<', 'in']);
    assert.deepEqual(splitShellWords('{ a; } ${HOME}/x'), ['{', 'a', ';', '}', '${HOME}/x']);
  });

  test('aura-miner invocations between operators, redirections dropped', () => {
    const line = 'cd /var/lib/aura-miner && { aura-miner migrate && flock -n -E 3 /run/lock/aura-miner.lock aura-miner etl --cluster; echo "exit $?"; } >> /var/log/x.log 2>&1';
    assert.deepEqual(auraMinerCommands(line), [['migrate'], ['etl', '--cluster']]);
    assert.deepEqual(auraMinerCommands('aura-miner etl --dry-run > /dev/null 2>&1'), [['etl', '--dry-run']]);
    assert.deepEqual(auraMinerCommands('npx aura-miner demo; node bin/aura-miner.js --help'), [['demo'], ['--help']]);
  });

  test('docker run: the words after the image; docker build is no invocation', () => {
    assert.deepEqual(auraMinerCommands('docker run --rm --env-file aura.env -v m:/models:ro registry.example.org/aura-miner:0.1.0 etl --dry-run'), [['etl', '--dry-run']]);
    assert.deepEqual(auraMinerCommands('docker build -t aura-miner:0.1.0 .'), []);
    assert.deepEqual(auraMinerCommands('kubectl -n aura-miner logs job/aura-miner-score'), []);
  });

  test('logical lines: continuations joined, prompts and comments dropped', () => {
    assert.deepEqual(logicalLines('# c\n$ aura-miner etl \\\n  --cluster\n\n  x'), ['aura-miner etl    --cluster', 'x']);
  });
});
