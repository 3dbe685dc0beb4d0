import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runEnsemble, scoreVector } from '../../src/cluster/ensemble.js';
import { describeFences, explainRisk, reasonsInRawUnits } from '../../src/cluster/risk-reasons.js';
import { computeSeverity, kpiSeverity, SEVERITY_BREADTH, SEVERITY_NEAR_FENCE, signalSeverity } from '../../src/cluster/risk-severity.js';
import { fitRiskSignals, type RiskSignalModel } from '../../src/cluster/risk-signals.js';
import { orientToRisk } from '../../src/cluster/worst-cluster.js';
import { KPI_COLUMNS } from '../../src/model/feature-vector.js';
import { generatePlantedRiskVectors } from '../../tools/synthetic-vectors.js';

const d = KPI_COLUMNS.length;
// KPI_COLUMNS order; KPI 6 (community categories) is risky when low: its fence 0.7 (oriented) is a value below 0.3.
// normalSpreads: KPI 3 (a binary flag no normal user has) 0, so a complete profile earns no near-fence part.
const model: RiskSignalModel = { fences: [0.2, 0.3, 0.1, 0, 0.4, 0.7], spreads: [0.2, 0.3, 0.2, 1, 0.2, 0.15], normalSpreads: [0.05, 0.1, 0.03, 0, 0.08, 0.1], minSignals: 3, referenceUsers: 100 };
const normal = [0.1, 0.1, 0.05, 0, 0.2, 0.8];
/** `normal` with the KPIs in `risky` moved to the risk side: `how` far past the fence as a share of the room left. */
function riskyOn(risky: number[], how: number): number[] {
  return normal.map((x, c) => {
    if (!risky.includes(c)) return x;
    const oriented = model.fences[c] + how * (1 - model.fences[c]);
    return c === 5 ? 1 - oriented : c === 3 ? 1 : oriented;
  });
}
/** A value moved by `step` (>= 0) towards the risk side of KPI c, kept in [0,1]. */
function towardsRisk(c: number, x: number, step: number): number {
  return c === 5 ? Math.max(0, x - step) : Math.min(1, x + step);
}

const vector = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: d, maxLength: d });
const fittedModel = fc.record({
  fences: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
  spreads: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: d, maxLength: d }),
  normalSpreads: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1, noNaN: true })), { minLength: d, maxLength: d }),
});

test('monotone: moving any KPI further to its risk side never lowers the severity (random models and vectors)', () => {
  fc.assert(
    fc.property(fittedModel, vector, fc.integer({ min: 0, max: d - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (m, v, c, step) => {
      const rm = { ...m, minSignals: 3, referenceUsers: 1 };
      const moved = [...v];
      moved[c] = towardsRisk(c, v[c], step);
      return computeSeverity(rm, moved) >= computeSeverity(rm, v);
    }),
    { numRuns: 5000 },
  );
});

test('monotone in every KPI at once, and adding a risk signal raises the severity by at least its breadth share less the near-fence part', () => {
  fc.assert(
    fc.property(fittedModel, vector, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: d, maxLength: d }), (m, v, steps) => {
      const rm = { ...m, minSignals: 3, referenceUsers: 1 };
      const moved = v.map((x, c) => towardsRisk(c, x, steps[c]));
      const before = computeSeverity(rm, v);
      const after = computeSeverity(rm, moved);
      const signals = (x: number[]) => x.filter((y, c) => orientToRisk(c, y) > rm.fences[c]).length;
      const added = signals(moved) - signals(v);
      return after >= before && after - before >= (100 * (SEVERITY_BREADTH - SEVERITY_NEAR_FENCE) * added) / d - 1e-9;
    }),
    { numRuns: 5000 },
  );
});

test('severity stays in [0, 100]; without a KPI beyond its fence at most the near-fence share, with one at least its breadth share', () => {
  fc.assert(
    fc.property(fittedModel, vector, (m, v) => {
      const rm = { ...m, minSignals: 3, referenceUsers: 1 };
      const s = computeSeverity(rm, v);
      const beyond = signalSeverity(rm, v);
      const signals = explainRisk(rm, v).length;
      return (
        s >= 0 && s <= 100 && beyond <= s + 1e-9 && (beyond === 0) === (signals === 0) &&
        (signals === 0 ? s <= 100 * SEVERITY_NEAR_FENCE + 1e-9 : s >= (100 * SEVERITY_BREADTH) / d - 1e-9)
      );
    }),
  );
});

test('near the fence: a value at the fence earns the near-fence part, halving every half normal spread inside; none where normal users do not vary', () => {
  // KPI 0: fence 0.2, normal spread 0.05; KPI 3: binary, no normal user has it (normal spread 0).
  assert.equal(kpiSeverity(model, 0, 0.2), SEVERITY_NEAR_FENCE);
  assert.ok(Math.abs(kpiSeverity(model, 0, 0.2 - 0.025) - SEVERITY_NEAR_FENCE / 2) < 1e-12);
  assert.ok(Math.abs(kpiSeverity(model, 0, 0.2 - 0.05) - SEVERITY_NEAR_FENCE / 4) < 1e-12);
  assert.ok(kpiSeverity(model, 0, 0.2 + 1e-9) >= SEVERITY_BREADTH, 'crossing the fence earns the breadth share');
  assert.equal(kpiSeverity(model, 3, 0), 0, 'a complete profile earns nothing');
  assert.ok(kpiSeverity(model, 3, 1) >= SEVERITY_BREADTH);
  assert.equal(kpiSeverity(model, 0, Number.NaN), 0);
  // Mild elevations just short of three fences rank above ordinary values, and below a single signal's breadth share.
  const short = normal.map((x, c) => (c === 0 ? 0.19 : c === 2 ? 0.09 : c === 4 ? 0.39 : x));
  const ordinary = computeSeverity(model, normal);
  assert.ok(ordinary < computeSeverity(model, short), `${ordinary} < ${computeSeverity(model, short)}`);
  assert.ok(computeSeverity(model, short) < computeSeverity(model, riskyOn([2], 0.001)));
  assert.equal(signalSeverity(model, short), 0);
  assert.deepEqual(explainRisk(model, short), [], 'no reason for a value inside its fence');
});

test('hand-made vectors: one risky KPI < three < six; mild < extreme on the same KPIs; breadth beats one extreme KPI', () => {
  const none = computeSeverity(model, normal);
  const one = computeSeverity(model, riskyOn([2], 0.5));
  assert.equal(signalSeverity(model, normal), 0);
  assert.ok(none < 100 * SEVERITY_NEAR_FENCE / 2, `ordinary values: ${none}`);
  const three = computeSeverity(model, riskyOn([0, 2, 4], 0.5));
  const six = computeSeverity(model, riskyOn([0, 1, 2, 3, 4, 5], 0.5));
  assert.ok(0 < one && one < three && three < six, `${one} < ${three} < ${six}`);
  assert.ok(six > 80, `six KPIs well beyond their fences: ${six}`);
  const mild = computeSeverity(model, riskyOn([0, 2, 4], 0.02));
  const extreme = computeSeverity(model, riskyOn([0, 2, 4], 0.95));
  assert.ok(mild < three && three < extreme, `${mild} < ${three} < ${extreme}`);
  assert.ok(computeSeverity(model, riskyOn([2], 1)) < computeSeverity(model, riskyOn([0, 2], 0.02)), 'two mild KPIs above one extreme one');
  assert.ok(signalSeverity(model, riskyOn([2], 1)) <= 100 / d);
});

test('reasons are exactly the KPIs beyond their fences, strongest first, with value and fence in the column direction', () => {
  fc.assert(
    fc.property(vector, (v) => {
      const reasons = explainRisk(model, v);
      const expected = KPI_COLUMNS.filter((_, c) => orientToRisk(c, v[c]) > model.fences[c]);
      return reasons.length === expected.length && reasons.every((r) => expected.includes(r.kpi as (typeof KPI_COLUMNS)[number]));
    }),
  );
  const v = riskyOn([1, 5], 0.5);
  v[2] = 0.1 + 1e-9; // just past the night-share fence: the weakest reason
  const reasons = explainRisk(model, v);
  assert.deepEqual(reasons.map((r) => r.kpi), ['days_since_last_seen_norm', 'num_community_categories_norm', 'ratio_night_messages']);
  assert.deepEqual(reasons[1], { kpi: 'num_community_categories_norm', value: v[5], fence: 1 - 0.7 });
  assert.ok(reasons[1].value < reasons[1].fence, 'KPI 6 is risky below its fence');
  assert.deepEqual(explainRisk(model, normal), []);
});

test('reasons in real units: raw value and the raw fence through the run\'s winsorised min-max; other KPIs unchanged', () => {
  const params = {
    days_since_last_seen: { kpi: 'days_since_last_seen', min: 0, max: 365, clip: 100, quantile: 0.99 },
    num_community_categories: { kpi: 'num_community_categories', min: 0, max: 12, clip: 10, quantile: 0.99 },
  };
  const v = riskyOn([1, 2, 5], 0.5);
  const raw: Record<string, number> = { days_since_last_seen_raw: 64, num_community_categories_raw: 1 };
  const reasons = reasonsInRawUnits(explainRisk(model, v), model, params, (col) => raw[col]);
  assert.deepEqual(reasons.find((r) => r.kpi === 'days_since_last_seen'), { kpi: 'days_since_last_seen', value: 64, fence: 0.3 * 100 });
  assert.deepEqual(reasons.find((r) => r.kpi === 'num_community_categories'), { kpi: 'num_community_categories', value: 1, fence: (1 - 0.7) * 10 });
  assert.deepEqual(reasons.find((r) => r.kpi === 'ratio_night_messages'), { kpi: 'ratio_night_messages', value: v[2], fence: 0.1 });
  const fences = describeFences(model, params);
  assert.deepEqual(fences.map((f) => f.kpi), ['reciprocity_ratio_norm', 'days_since_last_seen', 'ratio_night_messages', 'is_profile_incomplete', 'sentiment_negativity_index', 'num_community_categories']);
  assert.deepEqual(fences.map((f) => f.risk_side), ['above', 'above', 'above', 'above', 'above', 'below']);
});

test('spreads are the normal half\'s robust spread (1.4826 x MAD): neither a few extreme users nor a large at-risk group stretches them', () => {
  // KPI 0: the reference (forest score at or below the median) holds 0.1, 0.2, 0.3 -> median 0.2, MAD 0.1.
  // KPI 3 (binary, all 0 in the reference): no spread there, so the median exceedance beyond the fence (1).
  const rows = [
    [0.1, 0.1, 0.1, 0, 0.1, 0.9], [0.2, 0.1, 0.1, 0, 0.1, 0.9], [0.3, 0.1, 0.1, 0, 0.3, 0.9], // reference
    [0.5, 0.1, 0.1, 1, 0.1, 0.9], [0.6, 0.1, 0.1, 1, 0.1, 0.9], [0.7, 0.1, 0.1, 0, 0.1, 0.9],
  ];
  const score = Float64Array.from([0.3, 0.3, 0.3, 0.6, 0.6, 0.6]);
  const base = fitRiskSignals(Float64Array.from(rows.flat()), 6, d, score);
  assert.ok(Math.abs(base.spreads[0] - 1.4826 * 0.1) < 1e-12, `1.4826 x MAD of 0.1, 0.2, 0.3: ${base.spreads[0]}`);
  assert.equal(base.spreads[3], 1, 'binary KPI: median exceedance beyond its fence of 0');
  assert.equal(base.normalSpreads[0], base.spreads[0], 'the near-fence unit is the same MAD where normal users vary');
  assert.equal(base.normalSpreads[3], 0, 'no normal user has the flag: no near-fence part');
  const mean = (0.1 + 0.1 + 0.3) / 3;
  const sd = Math.sqrt((2 * (0.1 - mean) ** 2 + (0.3 - mean) ** 2) / 3);
  assert.ok(Math.abs(base.normalSpreads[4] - sd) < 1e-12, `two of three share 0.1, the third 0.3: MAD 0, standard deviation ${base.normalSpreads[4]} (${sd})`);
  assert.equal(base.spreads[1], (1 - 0.1) / 2, 'no variation and nobody beyond: half the room above the fence');
  const stretched = rows.map((r) => [...r]);
  for (const r of stretched.slice(3)) r[0] = 1; // the users beyond the fence far more extreme
  const again = fitRiskSignals(Float64Array.from(stretched.flat()), 6, d, score);
  assert.equal(again.spreads[0], base.spreads[0]);
  assert.ok(again.spreads.every((s) => s >= 0.01));
});

test('ties keep a stable order: equal severities are ordered by user id, whatever order they come in', () => {
  const users = [
    { id: 'c', severity: 50 }, { id: 'a', severity: 50 }, { id: 'b', severity: 75 }, { id: 'd', severity: 0 }, { id: 'e', severity: 50 },
  ];
  const order = (xs: typeof users) => [...xs].sort((x, y) => y.severity - x.severity || (x.id < y.id ? -1 : 1)).map((u) => u.id);
  const expected = order(users);
  assert.deepEqual(expected, ['b', 'a', 'c', 'e', 'd']);
  fc.assert(fc.property(fc.shuffledSubarray(users, { minLength: users.length, maxLength: users.length }), (xs) => order(xs).join() === expected.join()));
});

test('the detectors are not monotone in the KPIs: a move to the risk side can lower the ASI (why they stay out of the severity)', () => {
  const { data, n } = generatePlantedRiskVectors(2000, { seed: 4 });
  const r = runEnsemble(data, n, d, { seed: 4 });
  let found: string | undefined;
  for (let i = 0; i < n && !found; i++) {
    const v = data.slice(i * d, i * d + d);
    const before = scoreVector(r.model, v);
    for (let c = 0; c < d && !found; c++) {
      const moved = Float64Array.from(v);
      moved[c] = towardsRisk(c, v[c], 0.3);
      const after = scoreVector(r.model, moved);
      if (after.asi < before.asi - 1e-9) {
        assert.ok(after.severity >= before.severity, 'the severity did not drop');
        found = `user ${i}, KPI ${KPI_COLUMNS[c]}: ASI ${before.asi.toFixed(1)} -> ${after.asi.toFixed(1)}, severity ${before.severity.toFixed(1)} -> ${after.severity.toFixed(1)}`;
      }
    }
  }
  assert.ok(found, 'a move to the risk side that lowers the ASI exists');
});

test('on planted vectors the severity ranks the users risky on many KPIs above those risky on one or two', () => {
  const { data, n, planted } = generatePlantedRiskVectors(3000, { seed: 9 });
  const r = runEnsemble(data, n, d, { seed: 9 });
  const mean = (kind: number) => {
    let s = 0, k = 0;
    for (let i = 0; i < n; i++) if (planted[i] === kind) { s += r.severity[i]; k++; }
    return s / k;
  };
  assert.ok(mean(2) > mean(1) && mean(1) > mean(0), `broad ${mean(2)} > narrow ${mean(1)} > normal ${mean(0)}`);
});
