import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../support/temp-dir.js';

const URLS = {
  DATABASE_URL_ANALYTICS: 'postgres://u:p@h:5432/a',
  DATABASE_URL_AUTH: 'postgres://u:p@h:5432/b',
  DATABASE_URL_SOCIAL: 'postgres://u:p@h:5432/c',
  DATABASE_URL_MESSAGING: 'postgres://u:p@h:5432/d',
};

test('no database URL at all means the embedded default', () => {
  const cwd = tempDir('cfg-');
  const c = resolveConfig({ env: {}, cwd });
  assert.equal(c.databases, undefined);
  assert.equal(c.timezone, 'America/Lima');
  assert.deepEqual(c.interestTags, ['gaming']);
  assert.ok(Object.isFrozen(c));
});

test('precedence: defaults < .env < environment < --config file < flags', () => {
  const cwd = tempDir('cfg-');
  writeFileSync(join(cwd, '.env'), 'AURA_TIMEZONE=Europe/Madrid\nSERVICE_PORT=9000\nNLP_BATCH_SIZE=8\nLOG_LEVEL=warn\n');
  writeFileSync(join(cwd, 'c.json'), JSON.stringify({ NLP_BATCH_SIZE: '16', LOG_LEVEL: 'error' }));
  const c = resolveConfig({ env: { SERVICE_PORT: '9100', NLP_BATCH_SIZE: '4' }, cwd, configFile: 'c.json', flags: { LOG_LEVEL: 'debug' } });
  assert.equal(c.timezone, 'Europe/Madrid', '.env over default');
  assert.equal(c.servicePort, 9100, 'environment over .env');
  assert.equal(c.nlp.batchSize, 16, 'config file over environment');
  assert.equal(c.logLevel, 'debug', 'flags over everything');
});

test('bad values are ConfigErrors naming the variable', () => {
  const cwd = tempDir('cfg-');
  const bad = (env: Record<string, string>, re: RegExp) =>
    assert.throws(() => resolveConfig({ env, cwd }), (e: unknown) => e instanceof ConfigError && re.test((e as Error).message));
  bad({ ...URLS, DATABASE_URL_AUTH: 'not a url' }, /DATABASE_URL_AUTH is not a valid URL/);
  bad({ ...URLS, DATABASE_URL_SOCIAL: 'mysql://h/db' }, /DATABASE_URL_SOCIAL must start with postgres/);
  bad({ DATABASE_URL_ANALYTICS: URLS.DATABASE_URL_ANALYTICS }, /missing DATABASE_URL_AUTH, DATABASE_URL_SOCIAL, DATABASE_URL_MESSAGING/);
  bad({ AURA_TIMEZONE: 'Mars/Base' }, /AURA_TIMEZONE/);
  bad({ SERVICE_PORT: '70000' }, /SERVICE_PORT/);
  bad({ NLP_BACKEND: 'gpt' }, /NLP_BACKEND/);
  assert.throws(() => resolveConfig({ env: {}, cwd, configFile: 'missing.json' }), /config file .*missing\.json: does not exist/);
});
