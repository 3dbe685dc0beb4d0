// ws/live and ws/alerts: NOTIFY on the analytics database -> messages; authentication; listener reconnection.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { withClient } from '../../support/crafted-sources.js';
import { notify, riskPayload, TOKEN, WRONG_TOKEN, type ServeEnv } from '../serve-fixture.js';

export interface TestSocket {
  ws: WebSocket;
  messages: any[];
  /** Resolves with the first message (already received or future) matching `match`. */
  next(match: (m: any) => boolean, timeoutMs?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
}

export function openSocket(base: string, channel: 'live' | 'alerts', protocols?: string[], options: WebSocket.ClientOptions = {}): TestSocket {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v2/clustering/ws/${channel}`, protocols, options);
  const messages: any[] = [];
  const waiters: { match: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(m));
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return {
    ws,
    messages,
    closed,
    next(match, timeoutMs = 5000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.type))}`)), timeoutMs);
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

export const bearer = (token = TOKEN) => ['aura.v1', `bearer.${token}`];

export function describeWebSockets(env: () => ServeEnv): void {
  const sampleUser = async () =>
    withClient(env().dbs.analytics, async (c) => (await c.query(`SELECT user_id_raiz::text AS id FROM user_risk_results WHERE risk_level = 'moderate' ORDER BY asi DESC LIMIT 1`)).rows[0].id as string);

  describe('WebSockets', () => {
    test('ws/live: USER_RISK_UPDATE after a NOTIFY on aura_risk_updates; ws/alerts: CRITICAL_ALERT when a user becomes high', async () => {
      const { base } = env().serve;
      const live = openSocket(base, 'live', bearer());
      const alerts = openSocket(base, 'alerts', bearer());
      await live.next((m) => m.type === 'AUTH_OK');
      assert.equal(live.ws.protocol, 'aura.v1', 'the token is not echoed as the selected protocol');
      await alerts.next((m) => m.type === 'AUTH_OK');
      const user = await sampleUser();

      const low = riskPayload(user, 'low', 'moderate', 12.5);
      await notify(env().dbs.analytics, { type: 'USER_RISK_UPDATE', payload: low });
      assert.deepEqual(await live.next((m) => m.type === 'USER_RISK_UPDATE' && m.payload.risk_level === 'low'), { type: 'USER_RISK_UPDATE', payload: low });

      const high = riskPayload(user, 'high', 'low', 91.25);
      await notify(env().dbs.analytics, { type: 'USER_RISK_UPDATE', payload: high });
      assert.deepEqual(await alerts.next((m) => m.type === 'CRITICAL_ALERT'), { type: 'CRITICAL_ALERT', payload: high });
      await live.next((m) => m.type === 'USER_RISK_UPDATE' && m.payload.risk_level === 'high');

      // A producer that also sends the CRITICAL_ALERT for the same change: nobody gets it twice.
      await notify(env().dbs.analytics, { type: 'CRITICAL_ALERT', payload: high });
      const marker = riskPayload(user, 'moderate', 'high', 60);
      await notify(env().dbs.analytics, { type: 'USER_RISK_UPDATE', payload: marker });
      await live.next((m) => m.payload?.risk_level === 'moderate');
      assert.equal(alerts.messages.filter((m) => m.type === 'CRITICAL_ALERT').length, 1);
      assert.equal(live.messages.filter((m) => m.type === 'USER_RISK_UPDATE').length, 3);
      // The seed's dashboard client listens for both types on ws/live: the alert is there too, once, after its update.
      assert.deepEqual(live.messages.filter((m) => m.type === 'CRITICAL_ALERT'), [{ type: 'CRITICAL_ALERT', payload: high }]);
      assert.ok(alerts.messages.every((m) => m.type !== 'USER_RISK_UPDATE'), 'ws/alerts carries alerts only');

      // Contract breaches are dropped and counted, never forwarded.
      await notify(env().dbs.analytics, { type: 'USER_RISK_UPDATE', payload: { user_id: 'x', risk_level: 'high' } });
      await notify(env().dbs.analytics, 'not json');
      const status = (await (await fetch(`${base}/api/v2/clustering/status`)).json()) as any;
      assert.deepEqual(status.websocket_clients, { live: 1, alerts: 1 });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      assert.match(metrics, /aura_risk_notifications_total\{type="invalid"\} 2/);
      assert.equal(live.messages.length, 5, 'AUTH_OK + three updates + one alert');
      live.ws.close();
      alerts.ws.close();
    });

    test('authentication by first message; refused without a token, with a wrong one, or too late', async () => {
      const { base } = env().serve;
      const first = openSocket(base, 'alerts');
      await new Promise((r) => first.ws.once('open', r));
      first.ws.send(JSON.stringify({ type: 'AUTH', token: TOKEN }));
      await first.next((m) => m.type === 'AUTH_OK');
      first.ws.close();

      const wrongMessage = openSocket(base, 'live');
      await new Promise((r) => wrongMessage.ws.once('open', r));
      wrongMessage.ws.send(JSON.stringify({ type: 'AUTH', token: WRONG_TOKEN }));
      assert.equal((await wrongMessage.closed).code, 4401);

      const silent = openSocket(base, 'live');
      assert.equal((await silent.closed).code, 4401, 'closed after the authentication timeout');
      assert.equal(silent.messages.length, 0);

      const wrongProtocol = openSocket(base, 'live', bearer(WRONG_TOKEN));
      const refused = await new Promise<number>((resolve) => wrongProtocol.ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!)));
      assert.equal(refused, 401, 'refused at the handshake, no socket');

      // An unauthenticated socket never receives updates.
      const lurker = openSocket(base, 'live');
      await new Promise((r) => lurker.ws.once('open', r));
      await notify(env().dbs.analytics, { type: 'USER_RISK_UPDATE', payload: riskPayload(await sampleUser(), 'high', 'moderate') });
      assert.equal((await lurker.closed).code, 4401);
      assert.equal(lurker.messages.length, 0);
    });

    test('an upgrade on an HTTP route is refused before anything logs its URL', async () => {
      const ws = new WebSocket(`${env().serve.base.replace(/^http/, 'ws')}/api/v1/clustering/users/high?cursor=b3Blbi1zZXNhbWU`, bearer());
      const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!)));
      assert.equal(status, 404);
      assert.ok(!env().serve.logs.join('').includes('b3Blbi1zZXNhbWU'));
    });

    test('a client that stops answering pings is dropped', async () => {
      const dead = openSocket(env().serve.base, 'live', bearer(), { autoPong: false });
      await dead.next((m) => m.type === 'AUTH_OK');
      assert.equal((await dead.closed).code, 1006, 'terminated by the server');
    });

    test('the listener reconnects after losing its connection and keeps delivering', async () => {
      const { base } = env().serve;
      await withClient(env().dbs.analytics, (c) => c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'aura-miner serve listener' AND datname = current_database()`));
      let state = '';
      for (let i = 0; i < 100 && state !== 'listening'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const s = (await (await fetch(`${base}/api/v2/clustering/status`)).json()) as any;
        if (s.listener.reconnects > 0) state = s.listener.state;
      }
      assert.equal(state, 'listening');
      const live = openSocket(base, 'live', bearer());
      await live.next((m) => m.type === 'AUTH_OK');
      const p = riskPayload(await sampleUser(), 'moderate', 'low', 42);
      await notify(env().dbs.analytics, { type: 'USER_RISK_UPDATE', payload: p });
      assert.deepEqual((await live.next((m) => m.type === 'USER_RISK_UPDATE')).payload, p);
      live.ws.close();
    });
  });
}
