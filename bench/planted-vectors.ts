// A second generator of feature vectors with planted risk, shaped unlike src/synth: drawn straight in the
// vector's units (KPI_COLUMNS order, [0,1]) with other marginals and a latent factor correlating KPIs.
import { createSeededRandom } from '../src/cluster/seeded-random.js';

/** Planted groups: 'broad' (dense, coherent, extreme on 5-6 KPIs) and 'scattered' (3 KPIs) are the planted high users. */
export const GROUPS = ['broad', 'scattered', 'moderate', 'low'] as const;
export type PlantedGroup = (typeof GROUPS)[number];

export interface PlantedVectors {
  data: Float64Array;
  n: number;
  d: number;
  group: PlantedGroup[];
  /** The broad group's centre on the risk side, per KPI (for the oracle, bench/planted-likelihood.ts). */
  centre: number[];
}

/** Shares of the population (the rest is low). Unlike src/synth: 2.2% high, 45% of them broad; 12% moderate. */
export const SHARES = { broad: 0.01, scattered: 0.012, moderate: 0.12 } as const;

/**
 * Normal users: a latent "withdrawal" factor z ~ Beta-like pushes days since last seen, night share and
 * negativity up together (correlation ~0.4) and community categories down; reciprocity is log-normal
 * (a long tail of influencers the other way); 12% of normal profiles are incomplete (common, but a minority); categories in sevenths; 15% inactive users share one vector (never seen, no messages).
 *
 * Risky KPIs (risk side: high, community categories low):
 * - broad: one dense centre per run (values 0.7-0.85 on the risk side) plus N(0, 0.03) noise, on all
 *   six KPIs or five (one dropped at random, 40%): a coherent group DBSCAN does not call noise;
 * - scattered: exactly three KPIs, each drawn anywhere in the upper risk band (0.55-1);
 * - moderate: one or two KPIs, drawn the same way as scattered ones (as extreme, less broad).
 */
export function generatePlantedVectors(n: number, seed: number): PlantedVectors {
  const d = 6;
  const { random, gaussian, clip } = plantingTools(seed);
  const data = new Float64Array(n * d);
  const group = new Array<PlantedGroup>(n);
  const centre = Array.from({ length: d }, () => 0.7 + 0.15 * random());
  // Risk-side value r in [0,1] placed on KPI c (community categories is risky when low; profile incomplete is binary).
  const place = (c: number, r: number) => (c === 3 ? 1 : c === 5 ? Math.round((1 - r) * 7) / 7 : clip(r));
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const g = pickGroup(random(), SHARES);
    group[i] = g;
    if (random() < 0.15 && g === 'low') {
      data.set([0.02, 1, 0, 1, 0, 0.43], row);
      continue;
    }
    const z = random() * random();
    data[row] = clip(Math.exp(-3 + 0.8 * gaussian()) * 0.6);
    data[row + 1] = clip(0.05 + 0.25 * z + 0.05 * Math.abs(gaussian()));
    data[row + 2] = clip(0.3 * z * random() + (random() < 0.4 ? 0 : 0.05 * random()));
    data[row + 3] = random() < 0.12 ? 1 : 0;
    data[row + 4] = clip(0.08 + 0.3 * z + 0.06 * gaussian());
    data[row + 5] = Math.round(clip(0.75 - 0.4 * z + 0.2 * gaussian()) * 7) / 7;
    const risky = new Set<number>();
    const want = g === 'broad' ? (random() < 0.4 ? 5 : 6) : g === 'scattered' ? 3 : g === 'moderate' ? 1 + Math.floor(random() * 2) : 0;
    while (risky.size < want) risky.add(Math.floor(random() * d));
    for (const c of risky) data[row + c] = place(c, g === 'broad' ? centre[c] + 0.03 * gaussian() : 0.55 + 0.45 * random());
  }
  return { data, n, d, group, centre };
}

/** The seeded draws both bench generators use: uniform, standard normal (Box-Muller), and clipping to [0,1]. */
export function plantingTools(seed: number) {
  const random = createSeededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const clip = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
  return { random, gaussian, clip };
}

/** The planted group of a user from one uniform draw `u` and the groups' shares (the rest is low). */
export function pickGroup(u: number, shares: { broad: number; scattered: number; moderate: number }): PlantedGroup {
  return u < shares.broad ? 'broad' : u < shares.broad + shares.scattered ? 'scattered' : u < shares.broad + shares.scattered + shares.moderate ? 'moderate' : 'low';
}
