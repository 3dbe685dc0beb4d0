// Reasons: the KPIs on a user's risk side, with value and fence, in the vector's units or in real (raw) units.
import { KPI_COLUMNS, RISK_DIRECTION, type KpiColumn } from '../model/feature-vector.js';
import type { NormParams } from '../etl/normalize.js';
import { kpiSeverity } from './risk-severity.js';
import type { RiskSignalModel } from './risk-signals.js';

/**
 * One KPI beyond its risk fence. The shape is a contract (stored as jsonb, returned by the per-user
 * endpoints): other producers add entries of the same shape (e.g. crisis language).
 * For a KPI whose risk is the low side (num_community_categories) the value is below the fence.
 */
export interface RiskReason {
  kpi: string;
  value: number;
  fence: number;
}

/**
 * Per KPI (KPI_COLUMNS order): the name a reason carries in real units, the stored raw column it
 * reads, and the normalisation parameters (SPEC §3) that place the fence in those units. KPIs the
 * vector stores unscaled (night share, profile incomplete, negativity) keep their column's name.
 */
export const REASON_KPIS: readonly { kpi: string; column: KpiColumn; raw: string; params?: 'reciprocity_ratio' | 'days_since_last_seen' | 'num_community_categories' }[] = [
  { kpi: 'reciprocity_ratio', column: 'reciprocity_ratio_norm', raw: 'reciprocity_ratio_raw', params: 'reciprocity_ratio' },
  { kpi: 'days_since_last_seen', column: 'days_since_last_seen_norm', raw: 'days_since_last_seen_raw', params: 'days_since_last_seen' },
  { kpi: 'ratio_night_messages', column: 'ratio_night_messages', raw: 'ratio_night_messages' },
  { kpi: 'is_profile_incomplete', column: 'is_profile_incomplete', raw: 'is_profile_incomplete' },
  { kpi: 'sentiment_negativity_index', column: 'sentiment_negativity_index', raw: 'sentiment_negativity_index' },
  { kpi: 'num_community_categories', column: 'num_community_categories_norm', raw: 'num_community_categories_raw', params: 'num_community_categories' },
];

/** The fence of KPI `c` in its column's own direction (1 - fence for a KPI that is risky when low). */
export function columnFence(model: RiskSignalModel, c: number): number {
  return RISK_DIRECTION[KPI_COLUMNS[c]] === -1 ? 1 - model.fences[c] : model.fences[c];
}

/**
 * The KPIs of the vector at `offset` beyond their fences, strongest part of the severity first (KPI
 * order on a tie), with the vector's value and fence (normalised units for the *_norm columns).
 */
export function explainRisk(model: RiskSignalModel, vector: Float64Array | readonly number[], offset = 0): RiskReason[] {
  const found: { c: number; part: number }[] = [];
  for (let c = 0; c < model.fences.length; c++) {
    const part = kpiSeverity(model, c, vector[offset + c]);
    if (part > 0) found.push({ c, part });
  }
  found.sort((a, b) => b.part - a.part || a.c - b.c);
  return found.map(({ c }) => ({ kpi: KPI_COLUMNS[c], value: vector[offset + c], fence: columnFence(model, c) }));
}

/**
 * The fence of KPI `c` in real units: for a normalised KPI, the raw value whose normalised value
 * (winsorised min-max of the run) is the fence; unchanged for the others. Undefined when that KPI's
 * parameters are missing.
 */
export function rawFence(model: RiskSignalModel, c: number, params: Partial<Record<string, NormParams>>): number | undefined {
  const spec = REASON_KPIS[c];
  const fence = columnFence(model, c);
  if (!spec.params) return fence;
  const p = params[spec.params];
  if (!p) return undefined;
  return p.min + fence * (p.clip - p.min);
}

/**
 * Reasons in real units: the user's raw value (`raw(column)`) and the raw fence, under the real-unit
 * name (REASON_KPIS). A KPI without normalisation parameters keeps its normalised reason.
 */
export function reasonsInRawUnits(reasons: readonly RiskReason[], model: RiskSignalModel, params: Partial<Record<string, NormParams>>, raw: (column: string) => number): RiskReason[] {
  return reasons.map((r) => {
    const c = KPI_COLUMNS.indexOf(r.kpi as KpiColumn);
    const spec = REASON_KPIS[c];
    const fence = c < 0 ? undefined : rawFence(model, c, params);
    if (fence === undefined) return r;
    const value = spec.params ? raw(spec.raw) : r.value;
    return { kpi: spec.kpi, value, fence };
  });
}


/** The model's fences in the units of the reasons, as stored with the run (cluster_runs.risk_fences). */
export interface RunFence {
  kpi: string;
  fence: number;
  risk_side: 'above' | 'below';
}

export function describeFences(model: RiskSignalModel, params: Partial<Record<string, NormParams>>): RunFence[] {
  return REASON_KPIS.map((spec, c) => {
    const raw = rawFence(model, c, params);
    return { kpi: raw === undefined ? spec.column : spec.kpi, fence: raw ?? columnFence(model, c), risk_side: RISK_DIRECTION[spec.column] === -1 ? 'below' : 'above' };
  });
}
