// A fourth generator of feature vectors with planted risk, for held-out checks only: written (2026-12-08) to check
// the severity's near-fence part, before any figure on it was seen, and never used to choose anything. Shaped unlike
// src/synth, planted-vectors.ts and planted-vectors-third.ts. Same planted groups and meaning as planted-vectors.ts.
import { pickGroup, plantingTools, type PlantedGroup, type PlantedVectors } from './planted-vectors.js';

/** Shares of the population (the rest is low): broad and scattered close in size, fewer moderates. */
export const FOURTH_SHARES = { broad: 0.008, scattered: 0.015, moderate: 0.06 } as const;

/**
 * Normal users come in two sub-populations: 80% "daytime" users and 20% "night owls" whose night share is high
 * without any other sign (harmless: the risk is breadth, not one habit). Reciprocity uniform on 0-0.15 (a flat
 * head, no tail), days since last seen in whole weeks (0-3 of 52 steps, most 0 or 1), negativity Beta-like (the
 * mean of three uniforms times 0.4), 8% incomplete profiles, community categories in quarters (half of the users
 * on 0.5). No identical vectors.
 *
 * Planted (risk side: high, community categories low), values r = 0.5 + 0.5 * U^2 (most just past the normal range,
 * some far):
 * - broad: no common centre: each user's own level L in 0.6-0.95, every risky KPI at L + N(0, 0.06), on five or
 *   six KPIs (a loose band, not a dense group);
 * - scattered: three or four KPIs (four for a quarter of them); moderate: one or two.
 */
export function generateFourthVectors(n: number, seed: number): PlantedVectors {
  const d = 6;
  const { random, gaussian, clip } = plantingTools(seed);
  const data = new Float64Array(n * d);
  const group = new Array<PlantedGroup>(n);
  const place = (c: number, r: number) => (c === 1 ? Math.round(clip(r) * 52) / 52 : c === 3 ? 1 : c === 5 ? Math.round(clip(1 - r) * 4) / 4 : clip(r));
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const g = pickGroup(random(), FOURTH_SHARES);
    group[i] = g;
    const owl = random() < 0.2;
    data[row] = 0.15 * random();
    data[row + 1] = Math.min(3, Math.floor(-1.2 * Math.log(1 - random()))) / 52;
    data[row + 2] = owl ? clip(0.3 + 0.15 * gaussian()) : 0.08 * random();
    data[row + 3] = random() < 0.08 ? 1 : 0;
    data[row + 4] = (0.4 * (random() + random() + random())) / 3;
    data[row + 5] = Math.round(clip(0.5 + 0.22 * gaussian()) * 4) / 4;
    const want = g === 'broad' ? (random() < 0.5 ? 5 : 6) : g === 'scattered' ? (random() < 0.25 ? 4 : 3) : g === 'moderate' ? 1 + Math.floor(random() * 2) : 0;
    const risky = new Set<number>();
    while (risky.size < want) risky.add(Math.floor(random() * d));
    const level = 0.6 + 0.35 * random();
    for (const c of risky) data[row + c] = place(c, g === 'broad' ? level + 0.06 * gaussian() : 0.5 + 0.5 * random() ** 2);
  }
  return { data, n, d, group, centre: [] };
}
