// Places a batch's recomputed users on the stored scale and judges them with the persisted ensemble; pure.
import { scoreVector } from '../cluster/ensemble.js';
import type { PointVerdict } from '../cluster/ensemble-model.js';
import { reasonsInRawUnits, type RiskReason } from '../cluster/risk-reasons.js';
import { KPI_COLUMNS, type KpiColumn } from '../model/feature-vector.js';
import { normalizeColumn, type NormParams } from '../etl/normalize.js';
import type { VectorTable } from '../etl/transform.js';
import type { ScoringModels } from './scoring-models.js';

/** A user's stored score sum (exact micro-units) and count: user_text_negativity. */
export interface NegativitySum {
  sumMicro: number;
  texts: number;
}

export interface JudgedUser {
  userId: string;
  /** The six KPIs in KPI_COLUMNS order, as the ensemble saw them. */
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
export function renormalise(v: VectorTable, params: ScoringModels['params']): VectorTable {
  const scale = (raw: string, p: NormParams) => normalizeColumn(v.data[raw] as ArrayLike<number>, p);
  return {
    ...v,
    data: {
      ...v.data,
      reciprocity_ratio_norm: scale('reciprocity_ratio_raw', params.reciprocity_ratio),
      days_since_last_seen_norm: scale('days_since_last_seen_raw', params.days_since_last_seen),
      num_community_categories_norm: scale('num_community_categories_raw', params.num_community_categories),
    },
  };
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
): JudgedUser[] {
  const ids = v.data.user_id_raiz as ArrayLike<string>;
  const out: JudgedUser[] = [];
  for (let i = 0; i < v.rows; i++) {
    const sum = sums.get(ids[i]);
    const negativity = negativityOf(sum);
    const value: Record<KpiColumn, number> = {
      reciprocity_ratio_norm: Number(v.data.reciprocity_ratio_norm[i]),
      days_since_last_seen_norm: Number(v.data.days_since_last_seen_norm[i]),
      ratio_night_messages: Number(v.data.ratio_night_messages[i]),
      is_profile_incomplete: v.data.is_profile_incomplete[i] ? 1 : 0,
      sentiment_negativity_index: negativity,
      num_community_categories_norm: Number(v.data.num_community_categories_norm[i]),
    };
    const kpis = Float64Array.from(KPI_COLUMNS, (c) => value[c]);
    const verdict = scoreVector(ensemble, kpis);
    const reasons = reasonsInRawUnits(verdict.reasons, ensemble.riskSignals, params, (column) => Number(v.data[column][i]));
    out.push({ userId: ids[i], kpis, negativity, textsScored: sum && sum.texts > 0 ? sum.texts : 0, crisisTexts: crisisTexts.get(ids[i]) ?? 0, verdict, reasons });
  }
  return out;
}
