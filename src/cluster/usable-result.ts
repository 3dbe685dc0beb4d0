// A cluster result that says nothing about anyone is refused before it can replace the live verdicts.
import type { RiskLevel } from '../model/feature-vector.js';

/**
 * A risk level sets a user apart from most others. A run that finds no `low` user, or rates most users
 * `high` (DBSCAN with a min_pts near the population makes everyone noise, for one), says nothing about
 * anyone: it fails, and the verdicts of the previous run stay live. Returns why, or undefined when usable.
 */
export function unusableResultReason(levelCounts: Record<RiskLevel, number>, users: number): string | undefined {
  if (users === 0) return undefined;
  if (levelCounts.low === 0) return `no user is low: all ${users} users were flagged`;
  if (levelCounts.high * 2 > users) return `${levelCounts.high} of ${users} users are high: a level most users share sets nobody apart`;
  return undefined;
}
