// serve settings in the one config: tokens, CORS allow-list, public aggregates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const resolve = (env: Record<string, string>) => resolveConfig({ env, cwd: '/' });

test('defaults: no tokens, no CORS origins, public aggregates', () => {
  const c = resolve({});
  assert.deepEqual(c.apiTokens, []);
  assert.deepEqual(c.corsOrigins, []);
  assert.equal(c.publicAggregates, true);
});

test('lists are parsed and validated', () => {
  const c = resolve({ AURA_API_TOKENS: ' tok-aaaaaaaaaaaaaaaa , tok-bbbbbbbbbbbbbbbb', AURA_CORS_ORIGINS: 'https://panel.example.org, http://localhost:3000/', AURA_PUBLIC_AGGREGATES: 'false' });
  assert.deepEqual(c.apiTokens, ['tok-aaaaaaaaaaaaaaaa', 'tok-bbbbbbbbbbbbbbbb']);
  assert.deepEqual(c.corsOrigins, ['https://panel.example.org', 'http://localhost:3000']);
  assert.equal(c.publicAggregates, false);
});

test('short or unsafe tokens, wildcard or path origins and non-booleans are configuration errors that do not echo tokens', () => {
  assert.throws(() => resolve({ AURA_API_TOKENS: 'short' }), (e: Error) => e instanceof ConfigError && !e.message.includes('short'));
  assert.throws(() => resolve({ AURA_API_TOKENS: 'has/slash/0123456789abc' }), ConfigError);
  assert.throws(() => resolve({ AURA_CORS_ORIGINS: '*' }), ConfigError);
  assert.throws(() => resolve({ AURA_CORS_ORIGINS: 'https://a.example.org/path' }), ConfigError);
  assert.throws(() => resolve({ AURA_PUBLIC_AGGREGATES: 'maybe' }), ConfigError);
});
