// Seeded pseudo-random numbers so every detector is reproducible with `--seed`: uniform draws, indices and samples.
import { Prng } from '../synth/prng.js';

/** The third state word of the detectors' generator: a stream apart from the generator's per-table streams. */
const SAMPLING_STREAM = 0x636c7573; // "clus"

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * A uniform source from the project's one generator (sfc32, src/synth/prng.ts: 128-bit state, passes
 * PractRand; its warm-up keeps nearby seeds 1, 2, 3 from giving correlated first draws). Not for cryptography.
 */
export function createSeededRandom(seed: number): RandomSource {
  const s = Math.trunc(seed);
  const prng = new Prng(s >>> 0, Math.floor(s / 4294967296), SAMPLING_STREAM, 0x9e3779b9);
  return () => prng.float();
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
