// Places a batch's recomputed users on the stored scale and judges them with the persisted ensemble; pure.
import { scoreVector } from '../cluster/ensemble.js';
import type { PointVerdict } from '../cluster/ensemble-model.js';
import { reasonsInRawUnits, type RiskReason } from '../cluster/risk-reasons.js';
import { normalisedKpis } from '../model/kpi-columns.js';
import { isFromScores, KPIS, type KpiRegistry } from '../model/kpis.js';
import { applyWinsorMinMax, type NormParams } from '../etl/normalize.js';
import type { VectorTable } from '../etl/transform.js';
import type { ScoringModels } from './scoring-models.js';

/** A user's stored score sum (exact micro-units) and count: user_text_negativity. */
export interface NegativitySum {
  sumMicro: number;
  texts: number;
}

export interface JudgedUser {
  userId: string;
  /** The KPIs in registry order, as the ensemble saw them. */
  kpis: Float64Array;
  negativity: number;
  textsScored: number;
  /** Crisis texts in the 30 days before the batch (raw, stored beside the KPIs; not a KPI). */
  crisisTexts: number;
  verdict: PointVerdict;
  /** The verdict's reasons in real units (risk-reasons.ts), as stored. */
  reasons: RiskReason[];
}

/**
 * transform.ts fits its normalisation on whatever population it is given: for one batch that would
 * be a few users on their own scale. The *_norm columns are recomputed here from the raw values with
 * the parameters stored by the last full run, so a batch's vectors sit on everyone's scale.
 */
export function renormalise(v: VectorTable, params: ScoringModels['params'], kpis: KpiRegistry = KPIS): VectorTable {
  const scale = (raw: string, p: NormParams) => Float64Array.from(v.data[raw] as ArrayLike<number>, (x) => applyWinsorMinMax(x, p));
  const data = { ...v.data };
  for (const k of normalisedKpis(kpis)) data[k.column] = scale(k.raw, params[k.name]);
  return { ...v, data };
}

/**
 * The negativity index is the mean of the user's stored scores, divided exactly as replace-vectors.ts does in SQL
 * (sum_micro / 1e6 / texts in IEEE doubles), so watch and etl write the same number.
 */
export function negativityOf(s: NegativitySum | undefined): number {
  return s && s.texts > 0 ? s.sumMicro / 1e6 / s.texts : 0;
}

/** Judges every row of a renormalised table; `params` (the stored normalisation) puts the reasons' fences in real units. */
export function judgeUsers(
  v: VectorTable,
  ensemble: ScoringModels['ensemble'],
  sums: ReadonlyMap<string, NegativitySum>,
  params: ScoringModels['params'],
  crisisTexts: ReadonlyMap<string, number> = new Map(),
  kpis: KpiRegistry = KPIS,
): JudgedUser[] {
  const ids = v.data.user_id_raiz as ArrayLike<string>;
  // Booleans count as 0/1; the KPI from the text scores is the user's negativity.
  const columns = kpis.map((k) => (isFromScores(k) ? undefined : v.data[k.column]));
  const out: JudgedUser[] = [];
  for (let i = 0; i < v.rows; i++) {
    const sum = sums.get(ids[i]);
    const negativity = negativityOf(sum);
    const values = Float64Array.from(columns, (c) => (c === undefined ? negativity : Number(c[i])));
    const verdict = scoreVector(ensemble, values);
    const reasons = reasonsInRawUnits(verdict.reasons, ensemble.riskSignals, params, (column) => Number(v.data[column][i]), kpis);
    out.push({ userId: ids[i], kpis: values, negativity, textsScored: sum && sum.texts > 0 ? sum.texts : 0, crisisTexts: crisisTexts.get(ids[i]) ?? 0, verdict, reasons });
  }
  return out;
}
