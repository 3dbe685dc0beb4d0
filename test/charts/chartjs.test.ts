import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertChartDataToChartJs, convertScatterToChartJs } from '../../src/charts/chartjs.js';
import { CHART_DATA } from './chart-fixture.js';

test('the same data as Chart.js labels and datasets', () => {
  const charts = convertChartDataToChartJs(CHART_DATA);
  assert.deepEqual(charts.distribution.labels, ['Alto riesgo', 'Riesgo moderado', 'Bajo riesgo']);
  assert.deepEqual(charts.distribution.datasets[0].data, [12, 30, 1958]);
  assert.deepEqual(charts.scatter.datasets.map((d) => [d.label, d.data.length, d.pointStyle]), [
    ['Alto riesgo', 1, 'triangle'],
    ['Riesgo moderado', 1, 'rect'],
    ['Bajo riesgo', 3, 'circle'],
  ]);
  assert.equal(charts.radar.labels.length, 6);
  assert.equal(charts.radar.labels[5], 'Categorías de comunidad');
  assert.deepEqual(charts.radar.datasets.map((d) => d.data), CHART_DATA.radar.clusters.map((c) => c.means));
  assert.ok(charts.radar.datasets[2].label.endsWith('peor perfil'));
  assert.deepEqual(charts.histogram.labels, ['0-20', '20-40', '40-60', '60-80', '80-100']);
  assert.deepEqual(charts.histogram.datasets[0].data, CHART_DATA.histogram.counts);
  assert.deepEqual(JSON.parse(JSON.stringify(charts)), charts, 'plain JSON');
});

test('English labels; scatter thinned like the SVG', () => {
  assert.deepEqual(convertChartDataToChartJs(CHART_DATA, { lang: 'en' }).distribution.labels, ['High risk', 'Moderate risk', 'Low risk']);
  const scatter = convertScatterToChartJs(CHART_DATA.scatter, { maxPoints: 2 });
  assert.ok(scatter.datasets.reduce((s, d) => s + d.data.length, 0) <= 3);
});
