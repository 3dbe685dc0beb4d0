// 2-D PCA of all vectors (covariance + Jacobi eigen-decomposition) for the scatter chart.

export interface PcaModel {
  d: number;
  /** Column means subtracted before projecting. */
  mean: Float64Array;
  /** components x d, row-major, unit length, sorted by decreasing variance. */
  axes: Float64Array;
  /** Variance along each axis. */
  variance: number[];
  /** Share of the total variance along each axis. */
  varianceRatio: number[];
}

/**
 * Fits on every point (two passes over the Float64Array: means, then the d x d covariance).
 * Sign convention, so runs and machines agree: each axis is flipped until its entry of
 * largest magnitude (the first one on a tie) is positive.
 */
export function fitPca(data: Float64Array, n: number, d: number, components = 2): PcaModel {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c] += data[i * d + c];
  for (let c = 0; c < d; c++) mean[c] /= Math.max(n, 1);
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) row[c] = data[i * d + c] - mean[c];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += row[a] * row[b];
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= Math.max(n - 1, 1);
      cov[b * d + a] = cov[a * d + b];
    }
  }
  const { values, vectors } = decomposeSymmetric(cov, d);
  const order = Array.from({ length: d }, (_, j) => j).sort((x, y) => values[y] - values[x] || x - y);
  const kept = order.slice(0, Math.min(components, d));
  const axes = new Float64Array(kept.length * d);
  kept.forEach((j, r) => {
    let largest = 0;
    for (let c = 1; c < d; c++) if (Math.abs(vectors[c * d + j]) > Math.abs(vectors[largest * d + j]) + 1e-12) largest = c;
    const sign = vectors[largest * d + j] < 0 ? -1 : 1;
    for (let c = 0; c < d; c++) axes[r * d + c] = sign * vectors[c * d + j];
  });
  const totalVariance = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const variance = kept.map((j) => Math.max(values[j], 0));
  return { d, mean, axes, variance, varianceRatio: variance.map((v) => (totalVariance > 0 ? v / totalVariance : 0)) };
}

/** Coordinates of every point on the model's axes: n x components, row-major. */
export function projectPca(model: PcaModel, data: Float64Array, n: number): Float64Array {
  const { d, mean, axes } = model;
  const k = axes.length / d;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (data[i * d + c] - mean[c]) * axes[r * d + c];
      out[i * k + r] = s;
    }
  }
  return out;
}

/**
 * Cyclic Jacobi rotations on a symmetric d x d matrix: eigenvalues and eigenvectors (as
 * columns of `vectors`). Exact to rounding for the tiny matrices PCA needs here, with no
 * iteration-count tuning as power iteration would need when eigenvalues are close.
 */
export function decomposeSymmetric(matrix: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const a = matrix.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = cos * akp - sin * akq;
          a[k * d + q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = cos * apk - sin * aqk;
          a[q * d + k] = sin * apk + cos * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = cos * vkp - sin * vkq;
          v[k * d + q] = sin * vkp + cos * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: d }, (_, i) => a[i * d + i]), vectors: v };
}
