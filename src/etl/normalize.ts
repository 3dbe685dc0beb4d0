// Winsorising at a quantile then min-max scaling to [0,1] (SPEC §3); parameters are kept per run.

export interface NormParams {
  kpi: string;
  min: number;
  max: number;
  /** Values above this (the quantile of the run) are clipped to it before scaling. */
  clip: number;
  quantile: number;
}

/** Linear-interpolation quantile of sorted values (the common "type 7" definition, as numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function fitWinsorMinMax(kpi: string, values: ArrayLike<number>, quantile: number): NormParams {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { kpi, min: 0, max: 0, clip: 0, quantile };
  return { kpi, min: sorted[0], max: sorted[sorted.length - 1], clip: quantileSorted(sorted, quantile), quantile };
}

/** Scales one value with a run's parameters; clamps to [0,1] so a later single user stays on the scale. */
export function applyWinsorMinMax(value: number, p: NormParams): number {
  const range = p.clip - p.min;
  if (!(range > 0)) return 0;
  const v = (Math.min(value, p.clip) - p.min) / range;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

export function normalizeColumn(values: ArrayLike<number>, p: NormParams): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = applyWinsorMinMax(values[i], p);
  return out;
}
