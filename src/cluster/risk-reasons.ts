// Reasons: the KPIs on a user's risk side, with value and fence, in the vector's units or in real (raw) units.
import { kpiColumns } from '../model/kpi-columns.js';
import { KPIS, type KpiRegistry } from '../model/kpis.js';
import type { NormParams } from '../etl/normalize.js';
import { kpiSeverity } from './risk-severity.js';
import { directionsOf, excessOverFence, type RiskSignalModel } from './risk-signals.js';

/**
 * One KPI beyond its risk fence. The shape is a contract (stored as jsonb, returned by the per-user
 * endpoints): other producers add entries of the same shape (e.g. crisis language).
 * For a KPI whose risk is the low side (riskDirection -1) the value is below the fence.
 */
export interface RiskReason {
  kpi: string;
  value: number;
  fence: number;
}

/** The fence of KPI `c` in its column's own direction (1 - fence for a KPI that is risky when low). */
export function columnFence(model: RiskSignalModel, c: number): number {
  return directionsOf(model)[c] === -1 ? 1 - model.fences[c] : model.fences[c];
}

/**
 * The KPIs of the vector at `offset` beyond their fences, strongest part of the severity first (KPI
 * order on a tie), with the vector's value and fence (normalised units for the *_norm columns), named by
 * `columns` (the model's kpiColumns).
 */
export function explainRisk(model: RiskSignalModel, vector: Float64Array | readonly number[], offset = 0, columns: readonly string[] = kpiColumns()): RiskReason[] {
  const found: { c: number; part: number }[] = [];
  for (let c = 0; c < model.fences.length; c++) {
    if (excessOverFence(model, c, vector[offset + c]) > 0) found.push({ c, part: kpiSeverity(model, c, vector[offset + c]) });
  }
  found.sort((a, b) => b.part - a.part || a.c - b.c);
  return found.map(({ c }) => ({ kpi: columns[c], value: vector[offset + c], fence: columnFence(model, c) }));
}

/**
 * The fence of KPI `c` in real units: for a normalised KPI, the raw value whose normalised value
 * (winsorised min-max of the run) is the fence; unchanged for the others. Undefined when that KPI's
 * parameters (stored under its name) are missing.
 */
export function rawFence(model: RiskSignalModel, c: number, params: Partial<Record<string, NormParams>>, kpis: KpiRegistry = KPIS): number | undefined {
  const spec = kpis[c];
  const fence = columnFence(model, c);
  if (!spec.normalised) return fence;
  const p = params[spec.name];
  if (!p) return undefined;
  return p.min + fence * (p.clip - p.min);
}

/**
 * Reasons in real units: the user's raw value (`raw(column)`) and the raw fence, under the KPI's
 * real-unit name (kpis.ts). A KPI without normalisation parameters keeps its normalised reason.
 */
export function reasonsInRawUnits(
  reasons: readonly RiskReason[],
  model: RiskSignalModel,
  params: Partial<Record<string, NormParams>>,
  raw: (column: string) => number,
  kpis: KpiRegistry = KPIS,
): RiskReason[] {
  return reasons.map((r) => {
    const c = kpis.findIndex((k) => k.column === r.kpi);
    const fence = c < 0 ? undefined : rawFence(model, c, params, kpis);
    if (fence === undefined) return r;
    const spec = kpis[c];
    const value = spec.normalised ? raw(spec.raw) : r.value;
    return { kpi: spec.name, value, fence };
  });
}


/** The model's fences in the units of the reasons, as stored with the run (cluster_runs.risk_fences). */
export interface RunFence {
  kpi: string;
  fence: number;
  risk_side: 'above' | 'below';
}

export function describeFences(model: RiskSignalModel, params: Partial<Record<string, NormParams>>, kpis: KpiRegistry = KPIS): RunFence[] {
  return kpis.map((spec, c) => {
    const raw = rawFence(model, c, params, kpis);
    return { kpi: raw === undefined ? spec.column : spec.name, fence: raw ?? columnFence(model, c), risk_side: spec.riskDirection === -1 ? 'below' : 'above' };
  });
}
