// Seeded synthetic KPI vectors for the cluster tests and the benchmark: Gaussian blobs + uniform outliers, or KPI-like columns.
import { createSeededRandom } from '../src/cluster/seeded-random.js';

export interface SyntheticVectorsOptions {
  seed: number;
  /** @default 6 */
  d?: number;
  /** @default 4 */
  blobs?: number;
  /** Share of uniform outliers. @default 0.05 */
  outlierShare?: number;
  /** Standard deviation of every blob. @default 0.05 */
  spread?: number;
}

export interface SyntheticVectors {
  data: Float64Array;
  n: number;
  d: number;
  /** 1 for the planted uniform outliers. */
  isOutlier: Uint8Array;
}

/** Blob centres lie in [0.2, 0.8]^d, values are clipped to [0, 1] like normalised KPIs. */
export function generateSyntheticVectors(n: number, options: SyntheticVectorsOptions): SyntheticVectors {
  const d = options.d ?? 6;
  const blobs = options.blobs ?? 4;
  const spread = options.spread ?? 0.05;
  const random = createSeededRandom(options.seed);
  const centres = Float64Array.from({ length: blobs * d }, () => 0.2 + 0.6 * random());
  const data = new Float64Array(n * d);
  const isOutlier = new Uint8Array(n);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (let i = 0; i < n; i++) {
    if (random() < (options.outlierShare ?? 0.05)) {
      isOutlier[i] = 1;
      for (let c = 0; c < d; c++) data[i * d + c] = random();
      continue;
    }
    const blob = Math.floor(random() * blobs);
    for (let c = 0; c < d; c++) {
      data[i * d + c] = Math.min(1, Math.max(0, centres[blob * d + c] + spread * gaussian()));
    }
  }
  return { data, n, d, isOutlier };
}

/**
 * Vectors shaped like real KPIs (KPI_COLUMNS order): reciprocity skewed low, days since last
 * seen often 1 (never seen), night share and negativity often 0, a binary incomplete-profile
 * flag, community categories in quarters, and a quarter of inactive users who are all the
 * same vector. No outliers are planted (isOutlier is all 0).
 */
export function generateKpiLikeVectors(n: number, options: { seed: number }): SyntheticVectors {
  const d = 6;
  const random = createSeededRandom(options.seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const inactive = random() < 0.25;
    const row = i * d;
    data[row] = inactive ? 0 : Math.min(1, random() * random());
    data[row + 1] = inactive || random() < 0.1 ? 1 : random() ** 3;
    data[row + 2] = inactive || random() < 0.5 ? 0 : random() * 0.4;
    data[row + 3] = inactive || random() < 0.3 ? 1 : 0;
    data[row + 4] = inactive || random() < 0.3 ? 0 : random() * 0.6;
    data[row + 5] = inactive ? 0 : Math.floor(random() * 5) / 4;
  }
  return { data, n, d, isOutlier: new Uint8Array(n) };
}

/** What generatePlantedRiskVectors planted on each row. */
export const PLANTED = { normal: 0, narrow: 1, broad: 2 } as const;

/**
 * KPI_COLUMNS-ordered vectors with planted risk: a normal bulk, 'narrow' users extreme on the
 * risk side of one or two KPIs, and 'broad' users extreme on three to six (KPI 6, community
 * categories, is risky when low). Shares: `narrowShare` and `broadShare` of the rows.
 */
export function generatePlantedRiskVectors(n: number, options: { seed: number; narrowShare?: number; broadShare?: number }): SyntheticVectors & { planted: Uint8Array } {
  const d = 6;
  const random = createSeededRandom(options.seed);
  const data = new Float64Array(n * d);
  const planted = new Uint8Array(n);
  const normal = [() => 0.05 * random(), () => 0.05 * random(), () => 0.1 * random() ** 2, () => 0, () => 0.1 + 0.2 * random(), () => 0.4 + 0.6 * random()];
  const extreme = [() => 0.5 + 0.5 * random(), () => 0.5 + 0.5 * random(), () => 0.6 + 0.3 * random(), () => 1, () => 0.6 + 0.35 * random(), () => 0.15 * random()];
  for (let i = 0; i < n; i++) {
    const u = random();
    const kind = u < (options.broadShare ?? 0.03) ? PLANTED.broad : u < (options.broadShare ?? 0.03) + (options.narrowShare ?? 0.1) ? PLANTED.narrow : PLANTED.normal;
    const want = kind === PLANTED.broad ? 3 + Math.floor(random() * 4) : kind === PLANTED.narrow ? 1 + Math.floor(random() * 2) : 0;
    const extremeOn = new Set<number>();
    while (extremeOn.size < want) extremeOn.add(Math.floor(random() * d));
    planted[i] = kind;
    for (let c = 0; c < d; c++) data[i * d + c] = (extremeOn.has(c) ? extreme : normal)[c]();
  }
  return { data, n, d, isOutlier: Uint8Array.from(planted, (p) => (p === PLANTED.normal ? 0 : 1)), planted };
}
