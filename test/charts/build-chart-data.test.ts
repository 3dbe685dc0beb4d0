import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binSeverity, buildChartData, countLevels, type ChartSource } from '../../src/cluster/build-chart-data.js';
import type { RiskLevel } from '../../src/model/feature-vector.js';

function makeSource(n: number): ChartSource {
  const d = 6;
  const data = Float64Array.from({ length: n * d }, (_, i) => ((i * 7919) % 1000) / 1000);
  const levels: RiskLevel[] = ['low', 'low', 'moderate', 'high'];
  return {
    data,
    n,
    d,
    kpiNames: ['a', 'b', 'c', 'd', 'e', 'f'],
    level: Array.from({ length: n }, (_, i) => levels[i % 4]),
    kmeansLabel: Int32Array.from({ length: n }, (_, i) => i % 2),
    k: 2,
    worstCluster: 1,
    asi: Float64Array.from({ length: n }, (_, i) => (i * 100) / (n - 1)),
  };
}

test('levels are counted in display order', () => {
  assert.deepEqual(countLevels(['low', 'high', 'low']), [
    { level: 'high', count: 1 },
    { level: 'moderate', count: 0 },
    { level: 'low', count: 2 },
  ]);
});

test('ASI bins are half-open, 100 falls in the last bin', () => {
  const h = binSeverity(Float64Array.from([0, 4.99, 5, 99.9, 100]), 20);
  assert.equal(h.edges.length, 21);
  assert.equal(h.edges[20], 100);
  assert.equal(h.counts[0], 2);
  assert.equal(h.counts[1], 1);
  assert.equal(h.counts[19], 2);
});

test('chart data from a run: radar means per cluster, thinned scatter with the total', () => {
  const source = makeSource(12000);
  const data = buildChartData(source, { maxScatterPoints: 5000, histogramBins: 10 });
  assert.equal(data.distribution.reduce((s, x) => s + x.count, 0), 12000);
  assert.equal(data.scatter.total, 12000);
  assert.ok(data.scatter.points.length <= 5000 && data.scatter.points.length >= 4000);
  assert.ok(data.scatter.varianceRatio[0] >= data.scatter.varianceRatio[1]);
  assert.deepEqual(data.radar.clusters.map((c) => [c.cluster, c.size, c.worst]), [
    [0, 6000, false],
    [1, 6000, true],
  ]);
  let sum = 0;
  for (let i = 0; i < 12000; i += 2) sum += source.data[i * 6 + 3];
  assert.ok(Math.abs(data.radar.clusters[0].means[3] - sum / 6000) < 1e-12);
  assert.equal(data.histogram.counts.length, 10);
  assert.equal(data.histogram.counts.reduce((s, c) => s + c, 0), 12000);
  assert.deepEqual(buildChartData(source, { maxScatterPoints: 5000, histogramBins: 10 }), data);
});
