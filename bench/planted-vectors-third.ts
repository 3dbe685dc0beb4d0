// A third generator of feature vectors with planted risk, for held-out checks only (never used to choose anything):
// shaped unlike both src/synth and bench/planted-vectors.ts. Same planted groups and meaning as planted-vectors.ts.
import { pickGroup, plantingTools, type PlantedGroup, type PlantedVectors } from './planted-vectors.js';

/** Shares of the population (the rest is low): a small broad group, a large scattered one. */
export const THIRD_SHARES = { broad: 0.005, scattered: 0.03, moderate: 0.08 } as const;

/**
 * Normal users, KPIs independent (no latent factor): reciprocity exponential (mean 0.04), days since last seen
 * bimodal (70% recent, 30% up to 0.35), night share U^3 x 0.4 (most users none), 5% incomplete profiles,
 * negativity N(0.2, 0.08), community categories in fifths around 0.6; 10% of low users share one everyday vector.
 *
 * Planted (risk side: high, community categories low), values r in a band 0.45-1 skewed towards its low end
 * (the smaller of two uniforms), so many planted values sit near the normal range:
 * - broad: two dense centres (0.6-0.9 each KPI) with N(0, 0.05) noise, on five or six KPIs;
 * - scattered: exactly three KPIs; moderate: one or two.
 */
export function generateThirdVectors(n: number, seed: number): PlantedVectors {
  const d = 6;
  const { random, gaussian, clip } = plantingTools(seed);
  const data = new Float64Array(n * d);
  const group = new Array<PlantedGroup>(n);
  const centres = [0, 1].map(() => Array.from({ length: d }, () => 0.6 + 0.3 * random()));
  const place = (c: number, r: number) => (c === 3 ? 1 : c === 5 ? Math.round(clip(1 - r) * 5) / 5 : clip(r));
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const g = pickGroup(random(), THIRD_SHARES);
    group[i] = g;
    if (g === 'low' && random() < 0.1) {
      data.set([0.01, 0.03, 0, 0, 0.2, 0.6], row);
      continue;
    }
    data[row] = clip(-0.04 * Math.log(1 - random()));
    data[row + 1] = random() < 0.7 ? 0.02 + 0.08 * random() : 0.1 + 0.25 * random();
    data[row + 2] = 0.4 * random() ** 3;
    data[row + 3] = random() < 0.05 ? 1 : 0;
    data[row + 4] = clip(0.2 + 0.08 * gaussian());
    data[row + 5] = Math.round(clip(0.6 + 0.25 * gaussian()) * 5) / 5;
    const want = g === 'broad' ? (random() < 0.5 ? 5 : 6) : g === 'scattered' ? 3 : g === 'moderate' ? 1 + Math.floor(random() * 2) : 0;
    const risky = new Set<number>();
    while (risky.size < want) risky.add(Math.floor(random() * d));
    const centre = centres[random() < 0.5 ? 0 : 1];
    for (const c of risky) data[row + c] = place(c, g === 'broad' ? centre[c] + 0.05 * gaussian() : 0.45 + 0.55 * Math.min(random(), random()));
  }
  return { data, n, d, group, centre: centres[0] };
}
