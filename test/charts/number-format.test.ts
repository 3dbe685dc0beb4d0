import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countStepDecimals, createTickFormat, formatNumber, formatPercent } from '../../src/charts/number-format.js';

test('Spanish and English number styles', () => {
  assert.equal(formatNumber(1234567.891, 'es', 2), '1.234.567,89');
  assert.equal(formatNumber(1234567.891, 'en', 2), '1,234,567.89');
  assert.equal(formatNumber(5076, 'es'), '5076');
  assert.equal(formatNumber(24048, 'es'), '24.048');
  assert.equal(formatNumber(-0.5, 'en', 1), '-0.5');
  assert.equal(formatNumber(-0.001, 'es', 1), '0,0');
  assert.equal(formatPercent(0.0512, 'es'), '5,1 %');
  assert.equal(formatPercent(0.0512, 'en'), '5.1%');
});

test('tick labels carry just the decimals their step needs', () => {
  assert.equal(countStepDecimals(0.25), 2);
  assert.equal(countStepDecimals(5), 0);
  assert.equal(countStepDecimals(0.1), 1);
  const format = createTickFormat([0, 0.5, 1], 'es');
  assert.deepEqual([0, 0.5, 1].map(format), ['0,0', '0,5', '1,0']);
});
