// The aura_risk_updates contract: validation, routing to ws/live and ws/alerts, duplicate suppression.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRiskNotification, RecentChanges, routeRiskNotification } from '../../src/model/notify-contract.js';

const USER = '0fe68947-c665-4102-ab9e-1919432ee7dd';
const payload = (risk_level: string, previous_level: string | null) => ({ user_id: USER, risk_level, previous_level, asi: 80.5, severity: 62.5, votes: 2, updated_at: '2026-06-01T10:00:00.000Z' });

test('a valid USER_RISK_UPDATE keeps exactly the contract fields', () => {
  const n = parseRiskNotification(JSON.stringify({ type: 'USER_RISK_UPDATE', payload: { ...payload('moderate', 'low'), email: 'x@y.z' } }));
  assert.deepEqual(n, { type: 'USER_RISK_UPDATE', payload: payload('moderate', 'low') });
});

test('severity is carried; a producer older than it gives null; a non-number is a breach', () => {
  const { severity: _, ...old } = payload('high', null);
  assert.equal(parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: old }))?.type, 'CRITICAL_ALERT');
  assert.deepEqual((parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: old })) as { payload: { severity: unknown } }).payload.severity, null);
  assert.equal((parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: payload('high', null) })) as { payload: { severity: unknown } }).payload.severity, 62.5);
  assert.equal(parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: { ...old, severity: 'x' } })), undefined);
});

test('contract breaches are rejected', () => {
  for (const bad of [
    'not json',
    '[]',
    JSON.stringify({ type: 'OTHER', payload: payload('high', null) }),
    JSON.stringify({ type: 'USER_RISK_UPDATE', payload: { ...payload('high', null), user_id: 'nope' } }),
    JSON.stringify({ type: 'USER_RISK_UPDATE', payload: { ...payload('extreme', null) } }),
    JSON.stringify({ type: 'USER_RISK_UPDATE', payload: { ...payload('high', 'bad') } }),
    JSON.stringify({ type: 'USER_RISK_UPDATE', payload: { ...payload('high', null), asi: 'x' } }),
    JSON.stringify({ type: 'USER_RISK_UPDATE', payload: { ...payload('high', null), votes: 1.5 } }),
    JSON.stringify({ type: 'USER_RISK_UPDATE', payload: { ...payload('high', null), updated_at: 'yesterday' } }),
  ]) {
    assert.equal(parseRiskNotification(bad), undefined, bad);
  }
});

test('CLUSTER_RUN is accepted with a payload or with cluster’s top-level fields', () => {
  const top = parseRiskNotification(JSON.stringify({ type: 'CLUSTER_RUN', clusterRunId: 4, levelCounts: { high: 1, moderate: 2, low: 3 } }));
  const wrapped = parseRiskNotification(JSON.stringify({ type: 'CLUSTER_RUN', payload: { cluster_run_id: 4, level_counts: { high: 1, moderate: 2, low: 3 } } }));
  assert.deepEqual(top, wrapped);
  assert.deepEqual(top!.payload, { cluster_run_id: 4, level_counts: { high: 1, moderate: 2, low: 3 }, changed_users: null, notified_users: null, refetch: false });
  assert.deepEqual(routeRiskNotification(top!), { live: [top], alerts: [] });
  const bounded = parseRiskNotification(JSON.stringify({ type: 'CLUSTER_RUN', clusterRunId: 5, levelCounts: { high: 1 }, changedUsers: 5000, notifiedUsers: 1000, refetch: true }));
  assert.deepEqual(bounded!.payload, { cluster_run_id: 5, level_counts: { high: 1 }, changed_users: 5000, notified_users: 1000, refetch: true });
});

test('routing: a user becoming high also alerts, on ws/alerts and on ws/live (the seed client listens there)', () => {
  const types = (ms: { type: string }[]) => ms.map((m) => m.type);
  const up = parseRiskNotification(JSON.stringify({ type: 'USER_RISK_UPDATE', payload: payload('high', 'moderate') }))!;
  const r1 = routeRiskNotification(up);
  assert.deepEqual(types(r1.live), ['USER_RISK_UPDATE', 'CRITICAL_ALERT']);
  assert.deepEqual(types(r1.alerts), ['CRITICAL_ALERT']);
  const still = routeRiskNotification(parseRiskNotification(JSON.stringify({ type: 'USER_RISK_UPDATE', payload: payload('high', 'high') }))!);
  assert.deepEqual(types(still.live), ['USER_RISK_UPDATE']);
  assert.deepEqual(still.alerts, [], 'already high: no new alert');
  const down = routeRiskNotification(parseRiskNotification(JSON.stringify({ type: 'USER_RISK_UPDATE', payload: payload('low', 'high') }))!);
  assert.deepEqual(down.alerts, []);
  const alert = routeRiskNotification(parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: payload('high', 'low') }))!);
  assert.deepEqual(types(alert.alerts), ['CRITICAL_ALERT']);
  assert.deepEqual(alert.live, [{ type: 'USER_RISK_UPDATE', payload: payload('high', 'low') }, { type: 'CRITICAL_ALERT', payload: payload('high', 'low') }]);
});

test('a change notified as both USER_RISK_UPDATE and CRITICAL_ALERT reaches each channel once', () => {
  const recent = new RecentChanges(3);
  const a = routeRiskNotification(parseRiskNotification(JSON.stringify({ type: 'USER_RISK_UPDATE', payload: payload('high', 'low') }))!);
  const b = routeRiskNotification(parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: payload('high', 'low') }))!);
  assert.deepEqual(a.live.map((m) => recent.isNew('live', m)), [true, true]);
  assert.equal(recent.isNew('alerts', a.alerts[0]), true);
  assert.deepEqual(b.live.map((m) => recent.isNew('live', m)), [false, false]);
  assert.equal(recent.isNew('alerts', b.alerts[0]), false);
  // Bounded: old changes are forgotten.
  for (let i = 0; i < 3; i++) recent.isNew('live', { type: 'USER_RISK_UPDATE', payload: { ...payload('low', null), asi: i } } as never);
  assert.equal(recent.isNew('live', a.live[0]), true);
});

test('a crisis alert keeps its reason and nothing else; an unknown reason is dropped', () => {
  const payload = { user_id: 'F0F0F0F0-1111-4222-8333-444455556666', risk_level: 'high', previous_level: 'low', asi: 12.5, severity: 40, votes: 0, updated_at: '2026-06-10T12:00:00.000Z' };
  const crisis = parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: { ...payload, reason: 'crisis_language', text: 'never forwarded', crisis_texts: 3 } }));
  assert.deepEqual(crisis, { type: 'CRITICAL_ALERT', payload: { ...payload, user_id: payload.user_id.toLowerCase(), reason: 'crisis_language' } });
  assert.deepEqual(routeRiskNotification(crisis!).alerts, [crisis]);
  const other = parseRiskNotification(JSON.stringify({ type: 'CRITICAL_ALERT', payload: { ...payload, reason: 'something else' } }));
  assert.equal((other!.payload as { reason?: string }).reason, undefined);
});
