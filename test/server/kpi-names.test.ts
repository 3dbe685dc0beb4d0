// The dashboard's KPI names come from the KPI registry: a KPI added there is named on the dashboard with no edit to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KPIS, type KpiDef } from '../../src/model/kpis.js';
import { kpiNamesScript } from '../../src/server/routes/dashboard.js';

const namesOf = (script: string): Record<string, string> => {
  const window: { AURA_KPI_NAMES?: Record<string, string> } = {};
  new Function('window', script)(window);
  return window.AURA_KPI_NAMES!;
};

test('every KPI of the registry, its normalised column and the crisis reason have a Spanish name with the unit', () => {
  const names = namesOf(kpiNamesScript());
  for (const k of KPIS) {
    assert.ok(names[k.name]?.startsWith(k.labels.es), k.name);
    if (k.unit) assert.ok(names[k.name].includes(`(${k.unit.es})`), k.name);
    assert.equal(k.normalised, `${k.name}_norm` in names, `${k.name}_norm`);
  }
  assert.equal(names.ratio_night_messages, 'Mensajes nocturnos (fracción)');
  assert.ok(names.crisis_language);
});

test('a toy KPI in a fixture registry is named without touching the dashboard', () => {
  const toy: KpiDef = { ...KPIS[0], name: 'following_share', labels: { es: 'Proporción de seguidos', en: 'Following share' }, unit: undefined, normalised: false };
  const names = namesOf(kpiNamesScript([...KPIS, toy]));
  assert.equal(names.following_share, 'Proporción de seguidos');
  assert.ok(!('following_share_norm' in names));
});
