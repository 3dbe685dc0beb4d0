import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEnsemble, scoreVector } from '../../src/cluster/ensemble.js';
import { OutdatedModelError, parseEnsembleModel, serializeEnsembleModel } from '../../src/cluster/ensemble-model-json.js';
import { decideRiskLevel, VOTE_RULES } from '../../src/cluster/vote.js';
import { highSeverity, signalSeverity } from '../../src/cluster/risk-severity.js';
import { generatePlantedRiskVectors, generateSyntheticVectors, PLANTED } from '../../tools/synthetic-vectors.js';
import { measureAuc } from '../../tools/rank-statistics.js';

const { data, n, d, isOutlier } = generateSyntheticVectors(2000, { seed: 21 });
const result = runEnsemble(data, n, d, { seed: 5 });
const broadRule = runEnsemble(data, n, d, { seed: 5, voteRule: 'broad' });
const majority = runEnsemble(data, n, d, { seed: 5, voteRule: 'majority' });
const votesOf = (r: typeof result, i: number) => ({
  kmeans: r.kmeansLabel[i] === r.model.kmeans.worstCluster,
  dbscan: r.dbscanLabel[i] < 0,
  forest: r.forestScore[i] > r.model.forestCalibration.threshold,
  broad: r.riskSignals[i] >= r.model.riskSignals!.minSignals,
  broadest: r.riskSignals[i] >= 5,
  severe: r.riskSignals[i] >= r.model.riskSignals!.minSignals && signalSeverity(r.model.riskSignals, data, i * d) >= highSeverity(r.model.riskSignals!.minSignals, r.model.d),
});

test('every point gets labels, votes, a level and an ASI in range', () => {
  assert.equal(result.level.length, n);
  assert.equal(result.levelCounts.high + result.levelCounts.moderate + result.levelCounts.low, n);
  for (let i = 0; i < n; i++) {
    assert.ok(result.votes[i] <= 3);
    assert.ok(result.asi[i] >= 0 && result.asi[i] <= 100);
    assert.ok(result.kmeansLabel[i] >= 0 && result.kmeansLabel[i] < 4);
  }
  assert.equal(result.eps.method, 'knee');
  assert.ok(Object.values(result.timings).every((ms) => ms >= 0));
});

test('planted outliers get more votes and a higher ASI than the blobs', () => {
  assert.ok(measureAuc(result.asi, isOutlier) > 0.95);
  assert.deepEqual(majority.asi, result.asi, 'the ASI does not depend on the vote rule');
  const highShareOf = (want: number) => {
    let high = 0;
    let all = 0;
    for (let i = 0; i < n; i++) if (isOutlier[i] === want) (all++, majority.level[i] === 'high' && high++);
    return high / all;
  };
  assert.ok(highShareOf(1) > 0.5, `outliers high: ${highShareOf(1)}`);
  assert.ok(highShareOf(0) < 0.05, `inliers high: ${highShareOf(0)}`);
});

test('levels follow the votes: majority when asked', () => {
  assert.equal(majority.model.voteRule, 'majority');
  for (let i = 0; i < n; i++) {
    const expected = majority.votes[i] >= 2 ? 'high' : majority.votes[i] === 1 ? 'moderate' : 'low';
    assert.equal(majority.level[i], expected);
  }
});

test('severity by default: high is a vote, risk signals on at least minSignals KPIs and a severity beyond the fences of at least 37.5', () => {
  assert.equal(result.model.voteRule, 'severity');
  assert.equal(result.model.riskSignals!.minSignals, 3);
  assert.equal(highSeverity(3, 6), 37.5);
  assert.deepEqual(result.votes, majority.votes, 'the same detectors vote');
  assert.deepEqual(result.severity, majority.severity, 'the severity does not depend on the vote rule');
  let high = 0;
  for (let i = 0; i < n; i++) {
    const beyond = signalSeverity(result.model.riskSignals, data, i * d);
    assert.ok(beyond <= result.severity[i] + 1e-9, 'the near-fence parts only add to the severity');
    const expected = result.votes[i] >= 1 && result.riskSignals[i] >= 3 && beyond >= 37.5 ? 'high' : result.votes[i] > 0 ? 'moderate' : 'low';
    assert.equal(result.level[i], expected, `point ${i}`);
    assert.equal(result.level[i], decideRiskLevel(votesOf(result, i)));
    high += Number(expected === 'high');
  }
  assert.ok(high > 0, 'some points are high');
});

test('broad when asked: high is a majority with risk signals on at least minSignals KPIs', () => {
  assert.equal(broadRule.model.voteRule, 'broad');
  for (let i = 0; i < n; i++) {
    const expected = (broadRule.votes[i] >= 2 && broadRule.riskSignals[i] >= 3) || (broadRule.votes[i] >= 1 && broadRule.riskSignals[i] >= 5) ? 'high' : broadRule.votes[i] > 0 ? 'moderate' : 'low';
    assert.equal(broadRule.level[i], expected, `point ${i}`);
    assert.equal(broadRule.level[i], decideRiskLevel(votesOf(broadRule, i), 'broad'));
  }
});

test('on planted risk, broad and severity keep the users extreme on many KPIs and drop those extreme on one or two', () => {
  const p = generatePlantedRiskVectors(6000, { seed: 8 });
  const measure = (voteRule: 'broad' | 'majority' | 'severity') => {
    const r = runEnsemble(p.data, p.n, p.d, { seed: 3, voteRule });
    let hits = 0;
    let high = 0;
    let broad = 0;
    for (let i = 0; i < p.n; i++) {
      if (p.planted[i] === PLANTED.broad) broad++;
      if (r.level[i] !== 'high') continue;
      high++;
      if (p.planted[i] === PLANTED.broad) hits++;
    }
    return { r, recall: hits / broad, precision: hits / high };
  };
  const b = measure('broad');
  const m = measure('majority');
  assert.ok(b.precision > m.precision, `precision broad ${b.precision}, majority ${m.precision}`);
  assert.ok(b.precision >= 0.9 && b.recall >= 0.9, `broad recall ${b.recall}, precision ${b.precision}`);
  for (let i = 0; i < p.n; i++) if (b.r.level[i] === 'high') assert.equal(m.r.level[i], 'high', 'broad only demotes');
  const s = measure('severity');
  assert.ok(s.precision >= 0.9 && s.recall >= b.recall, `severity recall ${s.recall} (broad ${b.recall}), precision ${s.precision}`);
  for (let i = 0; i < p.n; i++) if (s.r.level[i] === 'high') assert.ok(s.r.riskSignals[i] >= 3, 'severity keeps the breadth policy');
  const narrowSignals = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < p.n; i++) if (p.planted[i] === PLANTED.narrow) narrowSignals[b.r.riskSignals[i]]++;
  assert.ok(narrowSignals.slice(3).reduce((a, x) => a + x, 0) <= 0.05 * narrowSignals.reduce((a, x) => a + x, 0), `narrow users by signals: ${narrowSignals}`);
  for (const voteRule of ['broad', 'severity'] as const) {
    const fewer = runEnsemble(p.data, p.n, p.d, { seed: 3, minSignals: 1, voteRule });
    assert.equal(fewer.model.riskSignals!.minSignals, 1);
    assert.ok(fewer.levelCounts.high > measure(voteRule).r.levelCounts.high, `--min-signals is honoured (${voteRule})`);
  }
});

test('scoring each training vector with the model gives back its verdict, under every vote rule', () => {
  for (const rule of VOTE_RULES) {
    const r = rule === 'severity' ? result : rule === 'broad' ? broadRule : rule === 'majority' ? majority : runEnsemble(data, n, d, { seed: 5, voteRule: rule });
    assert.equal(r.model.voteRule, rule);
    for (let i = 0; i < n; i++) {
      const verdict = scoreVector(r.model, data.slice(i * d, i * d + d));
      assert.equal(verdict.level, r.level[i], `${rule}, point ${i}`);
      assert.equal(verdict.riskSignals, r.riskSignals[i], `${rule}, point ${i}`);
      assert.ok(Math.abs(verdict.asi - r.asi[i]) <= 1e-9, `point ${i}`);
      assert.equal(verdict.severity, r.severity[i], `severity, point ${i}`);
      assert.deepEqual(verdict.reasons, r.reasons[i], `reasons, point ${i}`);
      assert.equal(verdict.dbscanLabel, r.dbscanLabel[i]);
      assert.equal(verdict.kmeansLabel, r.kmeansLabel[i]);
    }
  }
});

test('a model survives JSON and scores vectors identically', () => {
  const restored = parseEnsembleModel(JSON.parse(JSON.stringify(serializeEnsembleModel(result.model))));
  assert.deepEqual(restored, result.model);
  for (const i of [0, 13, 700, n - 1]) {
    assert.deepEqual(scoreVector(restored, data.slice(i * d, i * d + d)), scoreVector(result.model, data.slice(i * d, i * d + d)));
  }
});

test('a model stored by an older aura-miner (version 1, no severity spreads; 2 and 3, spreads of another meaning, no near-fence part) is refused, telling the user to run cluster again', () => {
  for (const version of [1, 2, 3]) {
    const old = { ...serializeEnsembleModel(result.model), version };
    assert.throws(
      () => parseEnsembleModel(JSON.parse(JSON.stringify(old))),
      (e: unknown) => e instanceof OutdatedModelError && e.exitCode === 2 && new RegExp(`older aura-miner \\(model version ${version}.*run \`aura-miner cluster\` again`).test(e.message),
    );
  }
  const noSpreads = serializeEnsembleModel(result.model);
  assert.throws(() => parseEnsembleModel({ ...noSpreads, riskSignals: { ...noSpreads.riskSignals, spreads: [] } }), /one risk fence, one spread and one normal spread per KPI/);
  assert.throws(() => parseEnsembleModel({ ...noSpreads, riskSignals: { ...noSpreads.riskSignals, normalSpreads: [] } }), /one normal spread per KPI/);
});

test('the same seed reproduces the run; options are honoured', () => {
  const again = runEnsemble(data, n, d, { seed: 5 });
  assert.deepEqual(again.level, result.level);
  assert.deepEqual(again.asi, result.asi);
  const given = runEnsemble(data, n, d, { seed: 5, eps: 0.15, minPts: 8, k: 3, contamination: 0.1 });
  assert.deepEqual(given.eps, { eps: 0.15, minPts: 8, method: 'given' });
  assert.equal(given.model.kmeans.k, 3);
  assert.ok(Math.abs(given.forestScore.filter((s) => s > given.model.forestCalibration.threshold).length - 0.1 * n) <= 1);
  const anyStrong = runEnsemble(data, n, d, { seed: 5, voteRule: 'any-strong' });
  assert.ok(anyStrong.levelCounts.high >= majority.levelCounts.high);
  for (let i = 0; i < n; i++) assert.equal(anyStrong.level[i], decideRiskLevel(votesOf(anyStrong, i), 'any-strong'));
  assert.deepEqual(runEnsemble(data, n, d, { seed: 5 }).riskSignals, result.riskSignals);
});

test('bad input is refused with the row and column', () => {
  const bad = data.slice(0, 60);
  bad[14] = Number.NaN;
  assert.throws(() => runEnsemble(bad, 10, 6, { seed: 1 }), /row 2, column ratio_night_messages/);
  assert.throws(() => runEnsemble(data, n, 5, { seed: 1 }), RangeError);
});
