// --config files: a JSON object or KEY=VALUE lines; errors name the file and a line, never echo the content.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseConfigText, loadConfigFile } from '../src/config-file.js';
import { ConfigError } from '../src/errors.js';
import { jsonErrorLine } from '../src/json-error-line.js';
import { userPathError } from '../src/fs-errors.js';
import { runCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

const SECRET = 'tok-SECRET-0123456789abcdef';

test('jsonErrorLine: undefined for valid JSON, else the line of the first error', () => {
  for (const ok of ['{}', '[1, 2.5e-3, "a\\u00e9", true, null]', ' {"a": {"b": []}} \n']) assert.equal(jsonErrorLine(ok), undefined, ok);
  assert.equal(jsonErrorLine('{\n"A": 1,\n}'), 3);
  assert.equal(jsonErrorLine(`{\n  "AURA_API_TOKENS": ${SECRET}\n}`), 2);
  assert.equal(jsonErrorLine('{"a": "unterminated\n'), 1);
  assert.equal(jsonErrorLine(''), 1);
  assert.equal(jsonErrorLine('{"a":1} x'), 1);
  assert.equal(jsonErrorLine('[01]'), 1);
  for (const s of ['{"a":1}', '[1,{"b":[null]}]', '"x"', '-0.5e+3']) assert.equal(jsonErrorLine(s) === undefined, (() => { try { JSON.parse(s); return true; } catch { return false; } })(), s);
});

test('JSON config: an object of settings; anything else names the file and line, never the content', () => {
  assert.deepEqual(parseConfigText('c.json', '\uFEFF{"LOG_LEVEL": "warn", "SERVICE_PORT": 9000}'), { LOG_LEVEL: 'warn', SERVICE_PORT: 9000 });
  const refused = (text: string, re: RegExp) =>
    assert.throws(() => parseConfigText('c.json', text), (e: Error) => e instanceof ConfigError && re.test(e.message) && !e.message.includes('SECRET') && !e.message.includes('tok-'), text);
  refused(`{\n  "LOG_LEVEL": "warn",\n  "AURA_API_TOKENS": "${SECRET}\n}`, /^config file c\.json is not valid JSON \(line 3\)$/);
  refused(`{"AURA_API_TOKENS": ${SECRET}}`, /line 1/);
  refused('[1, 2]', /must hold a JSON object of settings, not an array \(line 1\)/);
  refused('\n null', /not null \(line 2\)/);
  refused('"x"', /not a string/);
  refused(`{\n"LOG_LEVEL": "warn",\n"AURA_API_TOKENS": ["${SECRET}"]}`, /must be a string, number or boolean \(line 3\)/);
});

test('KEY=VALUE config: every line a setting, a comment or blank; garbage names its line only', () => {
  assert.deepEqual(parseConfigText('c.env', '# comment\n\nLOG_LEVEL=warn\nexport SERVICE_PORT = 9000\nAURA_TIMEZONE="Europe/Madrid" # here\nEMPTY=\n'), { LOG_LEVEL: 'warn', SERVICE_PORT: '9000', AURA_TIMEZONE: 'Europe/Madrid', EMPTY: '' });
  for (const [text, line] of [[`LOG_LEVEL=warn\n${SECRET}\n`, 2], ['\u0000\u0001binary', 1], ['LOG_LEVEL=warn\nA="unterminated\nB=1', 2], ['{"LOG_LEVEL": "warn"}', 1]] as const) {
    assert.throws(
      () => parseConfigText('c.conf', text),
      (e: Error) => e instanceof ConfigError && e.message === `config file c.conf line ${line} is not a KEY=VALUE line (a file not ending in .json holds KEY=VALUE lines)`,
    );
  }
});

test('missing files, folders and unreadable files are usage errors naming the path', () => {
  const dir = tempDir('cfg-file-');
  assert.throws(() => loadConfigFile(join(dir, 'missing.json')), (e: Error) => e instanceof ConfigError && /missing\.json: does not exist/.test(e.message));
  mkdirSync(join(dir, 'folder.json'));
  assert.throws(() => loadConfigFile(join(dir, 'folder.json')), (e: Error) => e instanceof ConfigError && /folder\.json is a folder/.test(e.message));
  // Root reads anything, so EACCES is shown on the error it would be.
  const denied = Object.assign(new Error('EACCES: permission denied, open \'/x/c.json\''), { code: 'EACCES', path: '/x/c.json', syscall: 'open' });
  assert.equal(userPathError(denied)?.message, '/x/c.json: permission denied (EACCES on open)');
  assert.equal(userPathError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), undefined);
});

test('the built CLI: bad config files exit 2 with one line that never echoes the file', async () => {
  const dir = tempDir('cfg-cli-');
  writeFileSync(join(dir, 'bad.json'), `{\n  "AURA_API_TOKENS": "${SECRET}\n}`);
  writeFileSync(join(dir, 'garbage.conf'), `${SECRET} and more\n`);
  writeFileSync(join(dir, 'array.json'), '[]');
  mkdirSync(join(dir, 'dir.json'));
  for (const [file, re] of [['bad.json', /bad\.json is not valid JSON \(line 2\)/], ['garbage.conf', /garbage\.conf line 1 is not a KEY=VALUE line/], ['array.json', /not an array/], ['dir.json', /is a folder/]] as const) {
    const r = await runCli(['--config', join(dir, file), 'migrate'], {}, dir);
    assert.equal(r.code, 2, `${file}: ${r.stderr}`);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.match(r.stderr, re);
    assert.ok(!r.stderr.includes('SECRET') && !r.stderr.includes('tok-'), r.stderr);
  }
});
