// The one INSERT into user_feature_history: a full run appends its vectors, a watch batch its staged users.
import pg from 'pg';
import { historyKpiColumns } from '../model/kpi-columns.js';
import type { KpiRegistry } from '../model/kpis.js';

/**
 * Appends one history row per row of `from` (aliased `s`): the registry's KPI and raw columns, the crisis count
 * and the one-hot flags as jsonb. `runId` and `extractionDate` are SQL expressions (a column of `s` or a parameter).
 */
export function historyInsertSql(kpis: KpiRegistry, oneHot: readonly string[], from: { source: string; runId: string; extractionDate: string }): string {
  const id = pg.escapeIdentifier;
  const cols = historyKpiColumns(kpis);
  const oneHotJson = oneHot.length ? `jsonb_build_object(${oneHot.map((c) => `${pg.escapeLiteral(c)}, s.${id(c)}`).join(', ')})` : `'{}'::jsonb`;
  return `INSERT INTO user_feature_history (run_id, user_id_raiz, extraction_date, ${cols.map(id).join(', ')}, crisis_texts_30d, one_hot)
     SELECT ${from.runId}, s.user_id_raiz, ${from.extractionDate}, ${cols.map((c) => `s.${id(c)}`).join(', ')}, s.crisis_texts_30d, ${oneHotJson}
     FROM ${from.source}`;
}
