// Bearer tokens (constant-time check), WebSocket subprotocol tokens, and the keyset cursor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBearerToken, readProtocolToken, selectProtocol, TokenVerifier } from '../../src/server/auth.js';
import { decodeCursor, encodeCursor } from '../../src/server/cursor.js';

test('TokenVerifier accepts any configured token and nothing else', () => {
  const v = new TokenVerifier(['a-token-0123456789ab', 'another-token-0123456789']);
  assert.equal(v.configured, true);
  assert.equal(v.verify('a-token-0123456789ab'), true);
  assert.equal(v.verify('another-token-0123456789'), true);
  assert.equal(v.verify('a-token-0123456789a'), false, 'prefix');
  assert.equal(v.verify('a-token-0123456789abc'), false, 'longer');
  assert.equal(v.verify(''), false);
  assert.equal(v.verify(undefined), false);
  assert.equal(new TokenVerifier([]).verify('anything-at-all-here'), false, 'no tokens: nobody');
});

test('bearer header and subprotocol parsing', () => {
  assert.equal(readBearerToken('Bearer abc.def'), 'abc.def');
  assert.equal(readBearerToken('bearer   abc'), 'abc');
  assert.equal(readBearerToken('Basic abc'), undefined);
  assert.equal(readBearerToken('Bearer a b'), undefined);
  assert.equal(readBearerToken(undefined), undefined);
  assert.equal(readProtocolToken('aura.v1, bearer.tok-123'), 'tok-123');
  assert.equal(readProtocolToken('aura.v1'), undefined);
  assert.equal(selectProtocol(new Set(['bearer.x', 'aura.v1'])), 'aura.v1', 'never echo the token when aura.v1 is offered');
  assert.equal(selectProtocol(new Set(['bearer.x'])), 'bearer.x');
  assert.equal(selectProtocol(new Set()), false);
});

test('cursor round-trips the exact score and its sort, refuses tampering and a cursor of the other sort; ASI-era cursors still read', () => {
  const c = { keys: [81.74899351000916], userId: '0fe68947-c665-4102-ab9e-1919432ee7dd', sort: 'severity' as const };
  assert.deepEqual(decodeCursor(encodeCursor(c), 'severity'), c);
  assert.throws(() => decodeCursor(encodeCursor(c), 'asi'), (e: { statusCode?: number; message: string }) => e.statusCode === 400 && /sorted by severity/.test(e.message));
  const legacy = Buffer.from(JSON.stringify([12.5, c.userId])).toString('base64url');
  assert.deepEqual(decodeCursor(legacy, 'asi'), { keys: [12.5], userId: c.userId, sort: 'asi' });
  for (const bad of ['', 'x', Buffer.from('[1,"not-a-uuid"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
    assert.throws(() => decodeCursor(bad), (e: { statusCode?: number }) => e.statusCode === 400, bad);
  }
});
