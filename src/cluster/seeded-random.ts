// Seeded pseudo-random numbers so every detector is reproducible with `--seed` (SPEC §5).

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Creates a mulberry32 generator: 32-bit state, fast, good enough for sampling and
 * split choices (not for cryptography). The seed is mixed first so that nearby seeds
 * (1, 2, 3) do not start from nearby states.
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = mixSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a uniform integer in [0, bound). */
export function drawIndex(random: RandomSource, bound: number): number {
  return Math.floor(random() * bound);
}

/**
 * Draws `m` distinct indices from [0, n) (all of them when m >= n), in increasing order.
 * Floyd's algorithm: O(m) memory whatever n is, so a 2,000-point sample of 1M rows is cheap.
 */
export function sampleIndices(n: number, m: number, random: RandomSource): Int32Array {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = drawIndex(random, j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}

function mixSeed(seed: number): number {
  let h = Math.trunc(seed) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
