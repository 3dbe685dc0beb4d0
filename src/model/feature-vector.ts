// The per-user feature vector (SPEC §3): its KPI columns (from the registry, kpis.ts), risk levels and one-hot columns.
import { kpiColumns } from './kpi-columns.js';
import { KPIS } from './kpis.js';
import { slug } from './slug.js';

export { slug };

/** The KPI columns fed to the risk ensemble, in this order: the registry's (kpis.ts). */
export const KPI_COLUMNS: readonly string[] = kpiColumns(KPIS);

export type RiskLevel = 'high' | 'moderate' | 'low';
export const RISK_LEVELS: readonly RiskLevel[] = ['high', 'moderate', 'low'];

/** Column name of an interest-tag one-hot: `int_<tag>_one_hot`. */
export function interestColumn(tag: string): string {
  return `int_${slug(tag)}_one_hot`;
}
/** Column name of a community-category one-hot: `comm_<category>_one_hot`. */
export function communityColumn(category: string): string {
  return `comm_${slug(category)}_one_hot`;
}
/** The one-hot column names for a configuration, interests first; tags naming the same column give it once. */
export function oneHotColumns(interestTags: readonly string[], communityCategories: readonly string[]): string[] {
  return [...new Set([...interestTags.map(interestColumn), ...communityCategories.map(communityColumn)])];
}
