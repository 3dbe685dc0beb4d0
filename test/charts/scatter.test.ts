import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderScatterChart, thinPoints } from '../../src/charts/scatter.js';
import type { ScatterPoint } from '../../src/cluster/chart-data.js';
import { CHART_DATA, assertCleanSvg } from './chart-fixture.js';
import { collectText, listElements, parseXml } from './parse-xml.js';

test('one marker per point, grouped by level, axes name the variance share', () => {
  const svg = renderScatterChart(CHART_DATA.scatter);
  assertCleanSvg(svg);
  const root = parseXml(svg);
  const groups = listElements(root).filter((e) => e.attributes.class?.startsWith('points level-'));
  assert.deepEqual(groups.map((g) => [g.attributes.class, g.children.length]), [
    ['points level-low', 3],
    ['points level-moderate', 1],
    ['points level-high', 1],
  ]);
  const texts = collectText(root);
  assert.ok(texts.includes('Componente principal 1 (44,1 % de la varianza)'));
  assert.ok(texts.includes('Componente principal 2 (24,2 % de la varianza)'));
  assert.ok(texts.includes('5 de 2000 usuarios dibujados'));
  const markerIds = new Set(listElements(root).filter((e) => e.name === 'path' && e.attributes.id).map((e) => `#${e.attributes.id}`));
  assert.ok(listElements(root).filter((e) => e.name === 'use').every((u) => markerIds.has(u.attributes['xlink:href'])));
});

test('thinning is deterministic, bounded and keeps the level shares', () => {
  const points: ScatterPoint[] = Array.from({ length: 12345 }, (_, i) => ({ x: i, y: -i, level: i % 20 === 0 ? 'high' : 'low' }));
  const kept = thinPoints(points, 5000);
  assert.ok(kept.length <= 5000 && kept.length > 4000);
  assert.deepEqual(thinPoints(points, 5000), kept);
  const highShare = kept.filter((p) => p.level === 'high').length / kept.length;
  assert.ok(Math.abs(highShare - 0.05) < 0.02);
  const svg = renderScatterChart({ points, total: points.length, varianceRatio: [0.5, 0.5] }, { maxPoints: 1000, lang: 'en' });
  assert.ok(listElements(parseXml(svg)).filter((e) => e.name === 'use').length <= 1000);
});

test('a single point or none still renders cleanly', () => {
  for (const points of [[{ x: 1, y: 1, level: 'low' as const }], []]) {
    const svg = renderScatterChart({ points, total: points.length, varianceRatio: [1, 0] });
    assertCleanSvg(svg);
    parseXml(svg);
  }
});
