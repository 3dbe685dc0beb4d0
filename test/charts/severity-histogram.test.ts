import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSeverityHistogram } from '../../src/charts/severity-histogram.js';
import { CHART_DATA, assertCleanSvg } from './chart-fixture.js';
import { collectText, listElements, parseXml } from './parse-xml.js';

test('a bar per bin over a 0-100 axis, darker for more severe bins', () => {
  const svg = renderSeverityHistogram(CHART_DATA.histogram);
  assertCleanSvg(svg);
  const root = parseXml(svg);
  const bars = listElements(root).find((e) => e.attributes.class === 'bars')?.children ?? [];
  assert.equal(bars.length, 5);
  const lightness = (fill: string) => (fill.match(/\d+/g) ?? []).map(Number).reduce((s, x) => s + x, 0);
  assert.ok(lightness(bars[0].attributes.fill) > lightness(bars[4].attributes.fill));
  const texts = collectText(root);
  for (const t of ['Índice de Severidad de Anomalía (ASI)', 'ASI (puntos, 0-100)', 'Usuarios (n.º)', '0', '50', '100']) assert.ok(texts.includes(t), t);
});

test('the same chart for the severity says so in its title, axis and bar titles; the ASI one keeps its names', () => {
  const texts = collectText(parseXml(renderSeverityHistogram(CHART_DATA.histogram, { score: 'severity', lang: 'en' })));
  for (const t of ['Severity: how broadly and strongly at risk', 'Severity (points, 0-100)']) assert.ok(texts.includes(t), t);
  assert.ok(!texts.some((t) => t.includes('ASI')), 'no ASI label on the severity chart');
});
