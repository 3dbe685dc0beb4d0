import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDistributionChart } from '../../src/charts/distribution.js';
import { CHART_DATA, assertCleanSvg } from './chart-fixture.js';
import { collectText, listElements, parseXml } from './parse-xml.js';

test('a bar per level, heights proportional to the counts, Spanish by default', () => {
  const svg = renderDistributionChart(CHART_DATA.distribution);
  assertCleanSvg(svg);
  const root = parseXml(svg);
  const texts = collectText(root);
  assert.ok(texts.includes('Usuarios por nivel de riesgo'));
  for (const label of ['Alto riesgo', 'Riesgo moderado', 'Bajo riesgo', 'Usuarios (n.º)', 'Nivel de riesgo']) assert.ok(texts.includes(label), label);
  assert.ok(texts.includes('1958 (97,9 %)'));
  const bars = listElements(root).filter((e) => e.attributes.class?.startsWith('bar level-'));
  assert.equal(bars.length, 3);
  const heights = bars.map((b) => Number(b.children[0].attributes.height));
  assert.ok(Math.abs(heights[1] / heights[2] - 30 / 1958) < 0.01);
});

test('patterns referenced by bars exist; English labels; stable output', () => {
  const svg = renderDistributionChart(CHART_DATA.distribution, { lang: 'en' });
  const root = parseXml(svg);
  const ids = new Set(listElements(root).map((e) => e.attributes.id).filter(Boolean));
  for (const e of listElements(root)) {
    const ref = /^url\(#(.+)\)$/.exec(e.attributes.fill ?? '')?.[1];
    if (ref) assert.ok(ids.has(ref), ref);
  }
  assert.ok(collectText(root).includes('Users per risk level'));
  assert.equal(renderDistributionChart(CHART_DATA.distribution, { lang: 'en' }), svg);
});

test('no users still draws a clean chart', () => {
  const svg = renderDistributionChart([]);
  assertCleanSvg(svg);
  parseXml(svg);
});
