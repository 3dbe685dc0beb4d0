// The WebSocket hub: fan-out to open clients, slow clients dropped instead of buffered.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { WebSocket } from 'ws';
import { ClientHub } from '../../src/server/ws/client-hub.js';

/** The few WebSocket members the hub uses; real sockets are exercised in the integration test. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  terminated = false;
  send(text: string) {
    this.sent.push(text);
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
  close() {
    this.terminate();
  }
  ping() {}
}

test('broadcast reaches every open client of the channel once, with the JSON built once', () => {
  const hub = new ClientHub({ heartbeatMs: 60_000 });
  const a = new FakeSocket();
  const b = new FakeSocket();
  const c = new FakeSocket();
  hub.add('live', a as unknown as WebSocket);
  hub.add('live', b as unknown as WebSocket);
  hub.add('alerts', c as unknown as WebSocket);
  assert.equal(hub.broadcast('live', { type: 'X' }), 2);
  assert.deepEqual(a.sent, ['{"type":"X"}']);
  assert.deepEqual(c.sent, []);
  a.emit('close');
  assert.deepEqual(hub.stats().clients, { live: 1, alerts: 1 });
  hub.close();
});

test('a client whose send buffer is over the limit is dropped, not buffered', () => {
  const hub = new ClientHub({ heartbeatMs: 60_000, maxBufferedBytes: 1000 });
  const slow = new FakeSocket();
  const fast = new FakeSocket();
  hub.add('live', slow as unknown as WebSocket);
  hub.add('live', fast as unknown as WebSocket);
  slow.bufferedAmount = 5000;
  assert.equal(hub.broadcast('live', { type: 'X' }), 1);
  assert.equal(slow.terminated, true);
  assert.equal(hub.stats().droppedSlow, 1);
  assert.equal(hub.stats().clients.live, 1);
  hub.close();
});

test('a client that does not answer a ping is dropped at the next heartbeat', async () => {
  const hub = new ClientHub({ heartbeatMs: 30 });
  const silent = new FakeSocket();
  const alive = new FakeSocket();
  alive.ping = () => setImmediate(() => alive.emit('pong'));
  hub.add('alerts', silent as unknown as WebSocket);
  hub.add('alerts', alive as unknown as WebSocket);
  // Two heartbeats: the first pings, the next drops whoever did not answer. On a loaded machine timers fire
  // late (a fixed 120 ms wait failed at load 20): poll for it, up to 5 s.
  for (let waited = 0; !silent.terminated && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(silent.terminated, true);
  assert.equal(alive.terminated, false);
  assert.equal(hub.stats().droppedDead, 1);
  hub.close();
});
