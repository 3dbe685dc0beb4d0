// Pure parts of watch: notification parsing, the pending set, backoff, risk messages, renormalisation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PointVerdict } from '../../src/cluster/ensemble-model.js';
import type { VectorTable } from '../../src/etl/transform.js';
import { backoffDelay } from '../../src/db/backoff.js';
import { parseChangePayload, type ChangeEvent } from '../../src/realtime/change-event.js';
import { arrayLiteral } from '../../src/realtime/incremental-datasets.js';
import { negativityOf, renormalise, type JudgedUser } from '../../src/realtime/judge-users.js';
import { PendingChanges } from '../../src/realtime/pending-changes.js';
import { RecentTextReads } from '../../src/realtime/recent-text-reads.js';
import { buildRiskMessages, withCrisisAlerts } from '../../src/realtime/risk-updates.js';
import { parseRiskNotification, RecentChanges, routeRiskNotification } from '../../src/model/notify-contract.js';

const U = '11111111-1111-4111-8111-111111111111';
const payload = (o: Record<string, unknown>) => JSON.stringify(o);

describe('parseChangePayload', () => {
  test('a message names its text and its messaging user', () => {
    assert.deepEqual(parseChangePayload('messaging', payload({ table: 'messages', op: 'INSERT', key: '12', ref: 'messaging_user', id: '45' })), {
      source: 'messaging',
      table: 'messages',
      ref: 'messaging_user',
      id: '45',
      text: { source: 'message', id: 12 },
    });
  });
  test('auth users and profiles; uuids are lower-cased', () => {
    const e = parseChangePayload('auth', payload({ table: 'users', op: 'UPDATE', key: U, ref: 'auth_user', id: U.toUpperCase() })) as ChangeEvent;
    assert.equal(e.id, U);
    assert.equal(e.text, undefined);
    assert.equal((parseChangePayload('social', payload({ table: 'community_members', op: 'DELETE', key: '3:9', ref: 'profile', id: '3' })) as ChangeEvent).ref, 'profile');
  });
  test('anything malformed is refused with a reason that never quotes the payload', () => {
    const bad = [
      'not json',
      '[1]',
      payload({ table: 'messages', ref: 'messaging_user' }),
      payload({ table: 'passwords', op: 'INSERT', key: '1', ref: 'auth_user', id: U }),
      payload({ table: 'messages', op: 'INSERT', key: '1', ref: 'auth_user', id: U }),
      payload({ table: 'messages', op: 'INSERT', key: '1', ref: 'messaging_user', id: '-1; DROP TABLE x' }),
      payload({ table: 'messages', op: 'INSERT', key: 'abc', ref: 'messaging_user', id: '4' }),
      payload({ table: 'posts', op: 'INSERT', key: '1', ref: 'auth_user', id: 'not-a-uuid' }),
      payload({ table: 'users', op: 'INSERT', key: '1', ref: 'messaging_user', id: '99999999999999999999' }),
      'x'.repeat(9000),
    ];
    for (const p of bad) {
      const r = parseChangePayload('messaging', p);
      assert.ok('error' in r, p.slice(0, 60));
      assert.ok(!r.error.includes('DROP'), r.error);
    }
  });
});

const ev = (id: string, text?: number): ChangeEvent => ({ source: 'messaging', table: 'messages', ref: 'messaging_user', id, text: text === undefined ? undefined : { source: 'message', id: text } });

describe('PendingChanges', () => {
  test('de-duplicates, keeps the first receive time, takes the oldest references first with their texts', () => {
    const p = new PendingChanges();
    p.add(ev('1', 10), 100);
    p.add(ev('2', 11), 110);
    p.add(ev('1', 12), 120);
    p.add(ev('3', 13), 130);
    assert.equal(p.size, 3);
    assert.equal(p.oldestMs, 100);
    const set = p.take(2);
    assert.deepEqual([...set.messagingUsers], [1, 2]);
    assert.deepEqual([...set.texts.message], [10, 11, 12], 'texts come along up to the next reference');
    assert.equal(set.oldestMs, 100);
    assert.equal(p.size, 1);
    assert.equal(p.oldestMs, 130);
  });

  test('a failed batch goes back in front with its receive times and its catch-up request', () => {
    const p = new PendingChanges();
    p.requestCatchUp();
    p.add(ev('1', 10), 100);
    const set = p.take(10);
    assert.equal(set.catchUp, true);
    assert.equal(p.catchUpRequested, false);
    p.add(ev('2'), 200);
    p.restore(set);
    assert.equal(p.catchUpRequested, true);
    assert.equal(p.oldestMs, 100);
    const again = p.take(10);
    assert.deepEqual([...again.messagingUsers], [1, 2]);
    assert.deepEqual([...again.texts.message], [10]);
  });

  test('left-over users wait as auth references', () => {
    const p = new PendingChanges();
    p.addUsers([U], 5);
    assert.deepEqual([...p.take(1).users], [U]);
  });
});

test('a text read by a batch that started after its notification is not read again', () => {
  const reads = new RecentTextReads();
  const p = new PendingChanges();
  p.add(ev('1', 10), 100);
  p.add(ev('2', 11), 300);
  reads.remember({ post: new Set(), comment: new Set(), message: new Set([10, 11]) }, 200);
  const set = p.take(10);
  reads.skipAlreadyRead(set);
  assert.deepEqual([...set.texts.message], [11], 'text 11 may have changed again after the batch of 200 read it');
  assert.deepEqual([...set.messagingUsers], [1, 2], 'the users are recomputed all the same');
});

test('backoff doubles up to its cap, with at most 20% jitter', () => {
  const opts = { initialMs: 100, maxMs: 1000 };
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, opts, () => 0)), [100, 200, 400, 800, 1000, 1000]);
  assert.equal(backoffDelay(0, opts, () => 1), 80);
});

test('array settings are PostgreSQL array literals', () => {
  assert.equal(arrayLiteral([]), '{}');
  assert.equal(arrayLiteral([1, 2]), '{1,2}');
  assert.equal(arrayLiteral([U]), `{${U}}`);
});

describe('risk messages (the aura_risk_updates contract of serve)', () => {
  const judged = (userId: string, level: PointVerdict['level'], asi: number): JudgedUser => ({
    userId,
    kpis: new Float64Array(6),
    negativity: 0,
    textsScored: 0,
    crisisTexts: 0,
    verdict: { kmeansLabel: 0, kmeansDistance: 0, dbscanLabel: 0, forestScore: 0, forestNormality: 1, votes: level === 'high' ? 2 : level === 'moderate' ? 1 : 0, riskSignals: 0, level, asi, severity: asi / 2, reasons: [] },
    reasons: [],
  });
  test('a crisis alert replaces the ensemble\'s CRITICAL_ALERT of the same user and adds one for a user the ensemble keeps low', () => {
    const at = new Date('2026-06-10T12:00:00Z');
    const messages = buildRiskMessages([judged('u1', 'high', 80), judged('u2', 'low', 10), judged('u3', 'high', 90)], new Map(), at);
    const crisis = (user_id: string) => ({ user_id, risk_level: 'high' as const, previous_level: null, asi: 0, severity: null, votes: 0, updated_at: at.toISOString(), reason: 'crisis_language' as const });
    const out = withCrisisAlerts(messages, [crisis('u1'), crisis('u2')]);
    const alerts = out.filter((m) => m.type === 'CRITICAL_ALERT');
    assert.deepEqual(alerts.map((m) => [m.payload.user_id, 'reason' in m.payload ? m.payload.reason : undefined]), [['u1', 'crisis_language'], ['u2', 'crisis_language'], ['u3', undefined]], 'crisis language first');
    assert.equal(out.filter((m) => m.type === 'USER_RISK_UPDATE').length, 3, 'updates are untouched');
    assert.equal(withCrisisAlerts(messages, []), messages);
  });
  test('alerts within a batch reach ws/alerts crisis first, then highest severity first, whatever the batch order', () => {
    const at = new Date('2026-06-10T12:00:00Z');
    const id = (k: number) => `00000000-0000-4000-8000-00000000000${k}`;
    // severity = asi / 2 in `judged`; user 5 was high already (no alert), user 6 stays low.
    const batch = [judged(id(1), 'high', 40), judged(id(2), 'high', 90), judged(id(3), 'high', 60), judged(id(4), 'high', 60), judged(id(5), 'high', 99), judged(id(6), 'low', 100), judged(id(7), 'high', 20)];
    // As takeCrisisAlerts reads them after the batch is written: the user's new ASI and severity, the batch's time.
    const crisis = (user_id: string, asi: number, severity: number | null) => ({ user_id, risk_level: 'high' as const, previous_level: null, asi, severity, votes: 0, updated_at: at.toISOString(), reason: 'crisis_language' as const });
    const out = withCrisisAlerts(buildRiskMessages(batch, new Map([[id(5), 'high' as const]]), at), [crisis(id(8), 0, null), crisis(id(7), 20, 10), crisis(id(9), 0, 30)]);
    // What serve sends on ws/alerts: each notification routed, duplicates of one change dropped (fan-out.ts):
    // user 7's update comes after its crisis alert, so the alert that reaches clients is the one with the reason.
    const recent = new RecentChanges();
    const onAlerts = out.flatMap((m) => routeRiskNotification(parseRiskNotification(JSON.stringify(m))!).alerts).filter((m) => recent.isNew('alerts', m));
    assert.deepEqual(onAlerts.map((m) => (m.type === 'CLUSTER_RUN' ? '' : m.payload.user_id)), [9, 7, 8, 2, 3, 4, 1].map(id));
    const sev = onAlerts.slice(3).map((m) => (m.type === 'CLUSTER_RUN' ? 0 : (m.payload.severity as number)));
    for (let i = 1; i < sev.length; i++) assert.ok(sev[i - 1] >= sev[i], 'highest severity first');
    assert.equal(onAlerts[1].type === 'CRITICAL_ALERT' && 'reason' in onAlerts[1].payload && onAlerts[1].payload.reason, 'crisis_language');
    assert.equal(out.filter((m) => m.type === 'USER_RISK_UPDATE').length, 7, 'one update per user, none lost');
  });
  test('one update per user; a CRITICAL_ALERT only for users who become high', () => {
    const at = new Date('2026-06-10T12:00:00Z');
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    const c = '00000000-0000-4000-8000-00000000000c';
    const msgs = buildRiskMessages([judged(a, 'high', 91), judged(b, 'high', 88), judged(c, 'low', 3)], new Map([[b, 'high' as const]]), at);
    assert.deepEqual(msgs.map((m) => [m.type, m.payload.user_id]), [['USER_RISK_UPDATE', a], ['CRITICAL_ALERT', a], ['USER_RISK_UPDATE', b], ['USER_RISK_UPDATE', c]]);
    assert.deepEqual(msgs[0].payload, { user_id: a, risk_level: 'high', previous_level: null, asi: 91, severity: 45.5, votes: 2, updated_at: '2026-06-10T12:00:00.000Z' });
    assert.equal(msgs[1].type, 'CRITICAL_ALERT');
    assert.equal(msgs[1].payload.severity, 45.5, 'the alert carries the severity');
    for (const m of msgs) assert.ok(Buffer.byteLength(JSON.stringify(m)) < 400);
  });
});

test('a batch is renormalised with the stored parameters, not its own', () => {
  const v: VectorTable = {
    columns: ['user_id_raiz'],
    rows: 2,
    data: {
      user_id_raiz: [U, U],
      reciprocity_ratio_raw: [0.5, 20],
      days_since_last_seen_raw: [1, 400],
      num_community_categories_raw: [0, 2],
      reciprocity_ratio_norm: [0, 1],
      days_since_last_seen_norm: [0, 1],
      num_community_categories_norm: [0, 1],
    },
  };
  const p = (kpi: string, min: number, clip: number) => ({ kpi, min, max: clip * 2, clip, quantile: 0.99 });
  const out = renormalise(v, { reciprocity_ratio: p('reciprocity_ratio', 0, 10), days_since_last_seen: p('days_since_last_seen', 0, 365), num_community_categories: p('num_community_categories', 0, 4) });
  assert.deepEqual(Array.from(out.data.reciprocity_ratio_norm as Float64Array), [0.05, 1]);
  assert.deepEqual(Array.from(out.data.days_since_last_seen_norm as Float64Array), [1 / 365, 1]);
  assert.deepEqual(Array.from(out.data.num_community_categories_norm as Float64Array), [0, 0.5]);
  assert.equal(negativityOf({ sumMicro: 1_500_000, texts: 2 }), 1.5 / 2);
  assert.equal(negativityOf({ sumMicro: 0, texts: 0 }), 0);
  assert.equal(negativityOf(undefined), 0);
});
