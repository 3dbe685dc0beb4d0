import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDashboard } from '../../src/charts/dashboard.js';
import { CHART_DATA, assertCleanSvg } from './chart-fixture.js';
import { collectText, parseXml } from './parse-xml.js';

test('the four charts on one well-formed sheet with unique ids', () => {
  const svg = renderDashboard(CHART_DATA);
  assertCleanSvg(svg);
  const root = parseXml(svg);
  const nested = root.children.filter((e) => e.name === 'svg');
  assert.equal(nested.length, 4);
  const texts = collectText(root);
  for (const title of ['AURA: riesgo psicoemocional', 'Usuarios por nivel de riesgo', 'Usuarios en el plano PCA por nivel de riesgo', 'Perfil medio de KPI por clúster K-Means', 'Índice de Severidad de Anomalía (ASI)']) {
    assert.ok(texts.includes(title), title);
  }
  assert.equal(renderDashboard(CHART_DATA), svg, 'byte-identical on a second render');
});

test('English dashboard with a subtitle', () => {
  const root = parseXml(renderDashboard(CHART_DATA, { lang: 'en', subtitle: 'Run 2026-01-01' }));
  assert.ok(collectText(root).includes('AURA: psycho-emotional risk'));
  assert.ok(collectText(root).includes('Run 2026-01-01'));
});
