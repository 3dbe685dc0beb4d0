// How well a score ranks planted truth: per-group means, AUC of one group above another, average precision, recall of a level.
import { measureAuc } from '../tools/rank-statistics.js';

/**
 * Average precision of `positive` when users are read in descending `score` (scikit-learn's definition:
 * sum over distinct thresholds of (recall step) x precision; tied scores enter together).
 */
export function averagePrecision(score: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let total = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) total++;
  if (!total) return 0;
  let ap = 0;
  let hits = 0;
  let seen = 0;
  for (let k = 0; k < order.length; ) {
    let end = k;
    let stepHits = 0;
    while (end < order.length && score[order[end]] === score[order[k]]) stepHits += positive[order[end++]] ? 1 : 0;
    hits += stepHits;
    seen = end;
    ap += (stepHits / total) * (hits / seen);
    k = end;
  }
  return ap;
}

/** AUC of users in group `above` over users in group `below`, among `among` (ties count half). */
export function groupAuc(score: ArrayLike<number>, group: readonly string[], above: string, below: string, among: (i: number) => boolean): number | null {
  const s: number[] = [];
  const pos: number[] = [];
  for (let i = 0; i < group.length; i++) {
    if (!among(i) || (group[i] !== above && group[i] !== below)) continue;
    s.push(score[i]);
    pos.push(group[i] === above ? 1 : 0);
  }
  const p = pos.reduce((a, b) => a + b, 0);
  return p === 0 || p === pos.length ? null : measureAuc(s, pos);
}

export function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}
