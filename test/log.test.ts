// Logs: the same redaction for JSON and human lines; human lines keep the message and the plain fields.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger } from '../src/log.js';
import { humanMessage, PRETTY_MAX_FIELDS } from '../src/log-pretty.js';

const SECRETS = { email: 'ana@example.test', user_id: '5f0c-secret-user', token: 'tok-abcdefghijklmnop', nested: { text: 'me siento muy triste', userId: 'u-42' } };

function capture(format: 'json' | 'pretty', level: 'info' | 'debug') {
  let out = '';
  const sink = { write: (s: string) => void (out += s) };
  const logger = createLogger(format === 'pretty' ? { level, pretty: { out: sink, colorize: false } } : { level, destination: sink });
  return { logger, out: () => out };
}

describe('log formats', () => {
  for (const format of ['json', 'pretty'] as const) {
    for (const level of ['info', 'debug'] as const) {
      test(`${format} at ${level}: texts, emails, tokens and user ids never appear`, () => {
        const { logger, out } = capture(format, level);
        logger.info({ ...SECRETS, users: 12 }, 'loaded');
        logger.debug({ ...SECRETS }, 'detail');
        const text = out();
        for (const secret of ['ana@example.test', '5f0c-secret-user', 'tok-abcdefghijklmnop', 'triste', 'u-42']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
        assert.match(text, /loaded/);
        assert.match(text, /users.{1,3}12/);
        if (format === 'pretty' || level === 'debug') assert.match(text, /\[redacted\]/);
      });
    }
  }

  test('json: one pino JSON line per record, as before', () => {
    const { logger, out } = capture('json', 'info');
    logger.info({ users: 3 }, 'done');
    const line = JSON.parse(out());
    assert.deepEqual(Object.keys(line), ['level', 'time', 'app', 'users', 'msg']);
    assert.equal(line.level, 30);
    assert.equal(line.app, 'aura-miner');
  });

  test('pretty at info: time, level word, message, plain fields; nested objects stay in JSON and debug', () => {
    const { logger, out } = capture('pretty', 'info');
    logger.info({ runId: 4, users: 272, eps: { eps: 0.05, kDistance: { min: 0.01 } }, mode: 'full run' }, 'etl finished');
    assert.match(out(), /^\[\d\d:\d\d:\d\d\] INFO: etl finished {2}runId=4 {2}users=272 {2}mode="full run"\n$/);
  });

  test('pretty at debug: every field, nested ones included', () => {
    const { logger, out } = capture('pretty', 'debug');
    logger.debug({ eps: { kDistance: { min: 0.01 } } }, 'ensemble fitted');
    assert.match(out(), /DEBUG: ensemble fitted/);
    assert.match(out(), /kDistance/);
  });

  test('humanMessage: at most a few fields, an error by its message', () => {
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, i]));
    const line = humanMessage({ msg: 'm', ...many, err: { message: 'boom', stack: 'at x' } });
    assert.equal(line.split('  ').length, 1 + PRETTY_MAX_FIELDS + 1);
    assert.match(line, /\(boom\)$/);
    assert.doesNotMatch(line, /at x/);
  });
});
