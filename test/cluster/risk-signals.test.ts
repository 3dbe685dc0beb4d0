import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countRiskSignals, defaultMinSignals, fitRiskSignals } from '../../src/cluster/risk-signals.js';

// Rows in KPI_COLUMNS order: reciprocity, days since seen, night share, profile incomplete, negativity, community categories (risky when low).
const rows = [
  [0.01, 0.02, 0.0, 0, 0.2, 0.6],
  [0.02, 0.01, 0.1, 0, 0.3, 0.4],
  [0.03, 0.03, 0.05, 0, 0.25, 0.8],
  [0.02, 0.02, 0.0, 0, 0.1, 1.0],
  [0.9, 0.8, 0.7, 1, 0.9, 0.0], // most anomalous by the forest
  [0.5, 0.02, 0.0, 0, 0.2, 0.2],
];
const data = Float64Array.from(rows.flat());
const forestScore = Float64Array.from([0.30, 0.32, 0.33, 0.34, 0.80, 0.60]);

test('fences are the largest risk-oriented values of the half the forest finds most normal', () => {
  const model = fitRiskSignals(data, 6, 6, forestScore);
  // Median score 0.335: rows 0-2 form the reference (KPI 6 oriented as 1 - value: their lowest value 0.4 gives 0.6).
  assert.equal(model.referenceUsers, 3);
  assert.deepEqual(model.fences.map((f) => Math.round(f * 1e9) / 1e9), [0.03, 0.03, 0.1, 0, 0.3, 0.6]);
  assert.equal(model.minSignals, 3);
  assert.equal(countRiskSignals(model, data, 4 * 6), 6);
  assert.equal(countRiskSignals(model, data, 5 * 6), 2, 'reciprocity and few community categories');
  for (let i = 0; i < 4; i++) assert.equal(countRiskSignals(model, data, i * 6), 0, 'no reference user is beyond its own fences');
});

test('only the risk side signals: values beyond the normal range the other way give none', () => {
  const model = fitRiskSignals(data, 6, 6, forestScore);
  assert.equal(countRiskSignals(model, Float64Array.from([0, 0, 0, 0, 0, 1])), 0, 'follows back, just seen, many categories');
  assert.equal(countRiskSignals(model, Float64Array.from([0.03, 0.03, 0.1, 0, 0.3, 0.4])), 0, 'at the fences is not beyond them');
  assert.equal(countRiskSignals(model, Float64Array.from([0.031, 0.03, 0.1, 1, 0.3, 0.39])), 3);
});

test('a risky value most users share is no signal', () => {
  // Three of four users have an incomplete profile: the reference holds it, so it is inside the normal range.
  const common = Float64Array.from([0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
  const model = fitRiskSignals(common, 4, 6, Float64Array.from([0.4, 0.4, 0.4, 0.4]));
  assert.equal(model.referenceUsers, 4, 'ties at the median are in the reference');
  assert.equal(countRiskSignals(model, Float64Array.from([0, 0, 0, 1, 0, 1])), 0);
});

test('minSignals: half the KPIs by default, an integer from 1 to d when given', () => {
  assert.equal(defaultMinSignals(6), 3);
  assert.equal(defaultMinSignals(5), 3);
  assert.equal(fitRiskSignals(data, 6, 6, forestScore, 1).minSignals, 1);
  for (const bad of [0, 7, 2.5]) assert.throws(() => fitRiskSignals(data, 6, 6, forestScore, bad), RangeError);
  assert.throws(() => fitRiskSignals(data, 6, 6, forestScore.subarray(0, 5)), RangeError);
});
