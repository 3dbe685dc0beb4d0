// Rank statistics the cluster tests compare detectors with: ROC AUC, Spearman, adjusted Rand.

/** Probability that a random positive outscores a random negative (ties count half). */
export function measureAuc(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  const ranks = rankWithTies(scores);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < scores.length; i++) {
    if (positive[i]) {
      positives++;
      rankSum += ranks[i];
    }
  }
  const negatives = scores.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function measureSpearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = rankWithTies(a);
  const rb = rankWithTies(b);
  const n = a.length;
  const mean = (n + 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) ** 2;
    vb += (rb[i] - mean) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

/** Hubert & Arabie's adjusted Rand index of two labelings. */
export function measureAdjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const joint = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    joint.set(`${a[i]},${b[i]}`, (joint.get(`${a[i]},${b[i]}`) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  const sum = (m: Map<unknown, number>) => [...m.values()].reduce((s, x) => s + pairs(x), 0);
  const index = sum(joint);
  const expected = (sum(rows) * sum(cols)) / pairs(a.length);
  const max = (sum(rows) + sum(cols)) / 2;
  return (index - expected) / (max - expected);
}

/** 1-based ranks, ties given their average rank. */
function rankWithTies(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    for (let k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}
