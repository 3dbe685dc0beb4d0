// Crisis language end to end: one crisis message among many neutral ones raises a CRITICAL_ALERT through watch
// (reason only, no text), the user tops the high-risk list, and neither a later batch nor an etl alerts again.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runEtl } from '../../../src/etl/pipeline.js';
import { createLogger } from '../../../src/log.js';
import { silentProgress } from '../../../src/progress.js';
import { withClient } from '../../support/crafted-sources.js';
import { bearer, openSocket, type TestSocket } from '../../server/cases/websockets.js';
import { auth, startServe, type RunningServe } from '../../server/serve-fixture.js';
import { craftUser } from '../watch-checks.js';
import { insertMessages, listenRiskUpdates, startWatcher, vectorOf, waitUntil, type RunningWatcher, type WatchEnv } from '../watch-fixture.js';

/** Indirect ideation: no self-harm verb, a "quiero" that v1 read as positive. */
const CRISIS_TEXT = 'ya no quiero despertar mañana, todos estarían mejor sin mí';
const NEUTRAL_TEXTS = ['mañana hay examen de historia', 'alguien tiene la tarea de mate?', 'ya llegué a la casa', 'vamos al parque el sábado'];
const PAYLOAD_KEYS = ['asi', 'previous_level', 'reason', 'risk_level', 'severity', 'updated_at', 'user_id', 'votes'];

export function describeCrisis(getEnv: () => WatchEnv): void {
  describe('crisis language', () => {
    // Its own watcher and listener (the live watcher is stopped by the load cases before this runs).
    let serve: RunningServe;
    let alerts: TestSocket;
    let watcher: RunningWatcher;
    let risk: Awaited<ReturnType<typeof listenRiskUpdates>>;
    const serveLogs: string[] = [];
    before(async () => {
      const env = getEnv();
      risk = await listenRiskUpdates(env.urls.analytics);
      serve = await startServe({ ...env.urls, drop: async () => {} }, {}, {}, serveLogs);
      alerts = openSocket(serve.base, 'alerts', bearer());
      await alerts.next((m) => m.type === 'AUTH_OK');
      watcher = startWatcher(env.config, env.urls, { maxBatch: 500 });
      await waitUntil('an active watcher', () => watcher.active(), 30_000);
    });
    after(async () => {
      await watcher?.stop().catch(() => {});
      await risk?.close().catch(() => {});
      alerts?.ws.close();
      await serve?.close();
    });

    test('one crisis message among forty neutral ones: a CRITICAL_ALERT from watch with the reason only, and first in high-risk-users', async () => {
      const env = getEnv();
      const { urls } = env;
      const u = await craftUser(urls);
      const day = (i: number) => new Date(Date.now() - (i % 20) * 3_600_000 - 2 * 86_400_000);
      const rows = Array.from({ length: 40 }, (_, i) => ({ messagingId: u.messagingId, content: NEUTRAL_TEXTS[i % NEUTRAL_TEXTS.length], createdAt: day(i) }));
      rows.splice(17, 0, { messagingId: u.messagingId, content: CRISIS_TEXT, createdAt: day(17) });
      const seen = risk.messages.length;
      await insertMessages(urls.messaging, rows);

      const alert = await waitUntil('the crisis alert', () =>
        risk.messages.slice(seen).find((m) => m.type === 'CRITICAL_ALERT' && m.payload.user_id === u.userId), 30_000);
      assert.deepEqual(Object.keys(alert.payload).sort(), PAYLOAD_KEYS, 'the contract fields and the reason, nothing else');
      assert.equal((alert.payload as { reason?: string }).reason, 'crisis_language');
      assert.equal(alert.payload.risk_level, 'high', 'crisis language is high risk whatever the ensemble votes');
      const vector = await vectorOf(urls.analytics, u.userId);
      assert.equal(vector?.crisis_texts_30d, 1);
      assert.ok(vector!.sentiment_negativity_index < 0.5, 'forty neutral texts keep the mean low: the alert does not depend on it');
      const history = await withClient(urls.analytics, (c) => c.query('SELECT crisis_texts_30d FROM user_feature_history WHERE user_id_raiz = $1 ORDER BY run_id DESC LIMIT 1', [u.userId]));
      assert.equal(history.rows[0].crisis_texts_30d, 1, 'the history row carries the raw count');
      const stored = await withClient(urls.analytics, (c) => c.query('SELECT count(*) FILTER (WHERE crisis)::int AS crisis, count(*)::int AS n FROM text_sentiment_scores WHERE user_id = $1', [u.userId]));
      assert.deepEqual(stored.rows[0], { crisis: 1, n: 41 }, 'exactly the crisis text is flagged');

      // serve: on ws/alerts with the reason and no text; first in both high-risk lists with the reason.
      const ws = await alerts.next((m) => m.type === 'CRITICAL_ALERT' && m.payload.user_id === u.userId, 10_000);
      assert.deepEqual(Object.keys(ws.payload).sort(), PAYLOAD_KEYS);
      // The seeded population has crisis writers of its own: all of them come before the ensemble's high users.
      const crisisWriters = await withClient(urls.analytics, async (c) =>
        (await c.query<{ id: string }>('SELECT user_id_raiz::text AS id FROM user_feature_vector v JOIN user_risk_results USING (user_id_raiz) WHERE crisis_texts_30d > 0')).rows.map((r) => r.id));
      assert.ok(crisisWriters.includes(u.userId));
      for (const path of ['/api/v2/clustering/data/high-risk-users?limit=500', '/api/v1/clustering/users/high?limit=500']) {
        const res = await fetch(`${serve.base}${path}`, { headers: { ...auth(), 'cache-control': 'no-cache' } });
        assert.equal(res.status, 200, path);
        const page = (await res.json()) as { users: { user_id: string; risk_level: string; reasons: unknown[] }[] };
        const top = page.users.slice(0, crisisWriters.length);
        assert.deepEqual(top.map((x) => x.user_id).sort(), [...crisisWriters].sort(), `${path}: every crisis writer first, whatever the ensemble voted`);
        assert.ok(
          page.users.slice(crisisWriters.length).every((x) => x.risk_level === 'high' && !(x.reasons as { kpi: string }[]).some((r) => r.kpi === 'crisis_language')),
          `${path}: then the ensemble's high users`,
        );
        assert.deepEqual(top.find((x) => x.user_id === u.userId)!.reasons[0], { kpi: 'crisis_language', value: 1, fence: 0 }, 'the crisis reason comes first');
      }

      // No crisis text in any payload or log line.
      const words = CRISIS_TEXT.split(/\s+/).filter((w) => w.length > 6);
      for (const m of [...risk.messages, ...alerts.messages]) for (const w of words) assert.ok(!JSON.stringify(m).includes(w), `no "${w}" in a payload`);
      for (const line of serveLogs) for (const w of words) assert.ok(!line.includes(w), `no "${w}" in serve's logs`);

      // The same old text alerts never again: not from a later batch, not from a full run.
      const batches = watcher.batches.length;
      await insertMessages(urls.messaging, [{ messagingId: u.messagingId, content: NEUTRAL_TEXTS[0], createdAt: new Date() }]);
      await waitUntil('the next batch', () => watcher.batches.slice(batches).some((b) => b.users > 0), 30_000);
      const etlLogs: string[] = [];
      const logger = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (etlLogs.push(String(c)), cb()) }) });
      // A full run beside the watcher (it waits for the ETL lock).
      const etl = await runEtl({ config: env.config, urls, logger, progress: silentProgress });
      assert.equal(etl.crisis.alerts, 0, 'already announced');
      assert.ok(etl.crisis.users >= 1);
      for (const line of etlLogs) for (const w of words) assert.ok(!line.includes(w), `no "${w}" in etl's logs`);
      const again = risk.messages.slice(seen).filter((m) => m.type === 'CRITICAL_ALERT' && m.payload.user_id === u.userId);
      assert.equal(again.length, 1, 'one alert for one crisis text');
      assert.equal((await vectorOf(urls.analytics, u.userId))?.crisis_texts_30d, 1, 'etl stores the same count');
    });
  });
}
