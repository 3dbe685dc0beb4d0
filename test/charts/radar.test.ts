import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderRadarChart } from '../../src/charts/radar.js';
import { CHART_DATA, assertCleanSvg } from './chart-fixture.js';
import { collectText, listElements, parseXml } from './parse-xml.js';

test('one polygon per cluster with a vertex marker per KPI, KPI names translated', () => {
  const svg = renderRadarChart(CHART_DATA.radar);
  assertCleanSvg(svg);
  const root = parseXml(svg);
  const clusters = listElements(root).filter((e) => e.attributes.class?.startsWith('cluster cluster-'));
  assert.equal(clusters.length, 3);
  for (const c of clusters) {
    assert.equal(c.children.length, 1 + 6);
    assert.match(c.children[0].attributes.d, /^M.*Z$/);
  }
  const texts = collectText(root);
  for (const kpi of ['Reciprocidad', 'Días sin conexión', 'Negatividad', 'Categorías de comunidad']) assert.ok(texts.includes(kpi), kpi);
  assert.ok(texts.includes('Clúster 3 (n = 200): peor perfil'));
  assert.ok(texts.includes('Valor normalizado (0-1)'));
});

test('clusters differ in dash pattern as well as colour; English labels', () => {
  const root = parseXml(renderRadarChart(CHART_DATA.radar, { lang: 'en' }));
  const outlines = listElements(root).filter((e) => e.attributes.class?.startsWith('cluster ')).map((c) => c.children[0].attributes);
  assert.equal(new Set(outlines.map((a) => a.stroke)).size, 3);
  assert.equal(new Set(outlines.map((a) => a['stroke-dasharray'] ?? 'solid')).size, 3);
  assert.ok(collectText(root).includes('Mean KPI profile per K-Means cluster'));
  assert.ok(collectText(root).includes('Night messages'));
});
