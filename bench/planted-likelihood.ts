// The oracle for the second generator (bench/planted-vectors.ts): the posterior probability that a vector was planted high
// (broad or scattered), computed from the generator's own distributions (Bayes' rule, the latent factor integrated out).
// No score can rank the planted high users better on average (its average precision is the ceiling, up to sampling).
import { SHARES } from './planted-vectors.js';

const SQRT2 = Math.SQRT2;
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
/** Standard normal CDF (erfc by a Chebyshev fit, relative error < 1.2e-7 in the tails too). */
function Phi(x: number): number {
  const z = Math.abs(x) / SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Grid over the latent factor z = U1*U2 (density -ln z): z = e^-s, s*e^-s ds, midpoints. */
const S_STEPS = 400;
const S_MAX = 20;
const Z: number[] = [];
const W: number[] = [];
for (let k = 0; k < S_STEPS; k++) {
  const s = ((k + 0.5) * S_MAX) / S_STEPS;
  Z.push(Math.exp(-s));
  W.push(s * Math.exp(-s) * (S_MAX / S_STEPS));
}

/** P(value | normal user, z) of KPI c (a density for continuous values, a probability for discrete ones). */
function normalLikelihood(c: number, x: number, z: number): number {
  switch (c) {
    case 0:
      return x > 0 ? phi((Math.log(x / 0.6) + 3) / 0.8) / (0.8 * x) : 0;
    case 1: {
      const m = 0.05 + 0.25 * z;
      return x >= m ? (2 * phi((x - m) / 0.05)) / 0.05 : 0;
    }
    case 2: {
      const a = 0.3 * z;
      const alone = x >= 0 && x <= a ? 1 / a : 0;
      const overlap = Math.max(0, Math.min(x, a) - Math.max(x - 0.05, 0));
      return 0.4 * alone + (0.6 * overlap) / (a * 0.05);
    }
    case 3:
      return x === 1 ? 0.12 : 0.88;
    case 4: {
      const m = 0.08 + 0.3 * z;
      return x <= 0 ? Phi(-m / 0.06) : phi((x - m) / 0.06) / 0.06;
    }
    default: {
      const k = Math.round(x * 7);
      const m = 0.75 - 0.4 * z;
      const lo = k <= 0 ? 0 : Phi(((k - 0.5) / 7 - m) / 0.2);
      const hi = k >= 7 ? 1 : Phi(((k + 0.5) / 7 - m) / 0.2);
      return hi - lo;
    }
  }
}

/** P(value | KPI c planted like a scattered or moderate one: risk-side r ~ U(0.55, 1)). */
function bandLikelihood(c: number, x: number): number {
  if (c === 3) return x === 1 ? 1 : 0;
  if (c === 5) {
    // x = round((1 - r) * 7) / 7, 1 - r in (0, 0.45]
    const k = Math.round(x * 7);
    const lo = Math.max(0, (k - 0.5) / 7);
    const hi = Math.min(0.45, (k + 0.5) / 7);
    return hi > lo ? (hi - lo) / 0.45 : 0;
  }
  return x >= 0.55 && x <= 1 ? 1 / 0.45 : 0;
}

/** P(value | KPI c planted like a broad user's: r ~ N(centre, 0.03)). */
function broadLikelihood(c: number, x: number, centre: number): number {
  if (c === 3) return x === 1 ? 1 : 0;
  if (c === 5) {
    const k = Math.round(x * 7);
    const rHi = k <= 0 ? Infinity : 1 - (k - 0.5) / 7;
    const rLo = 1 - (k + 0.5) / 7;
    return (rHi === Infinity ? 1 : Phi((rHi - centre) / 0.03)) - Phi((rLo - centre) / 0.03);
  }
  return phi((x - centre) / 0.03) / 0.03;
}

const INACTIVE = [0.02, 1, 0, 1, 0, 0.43];
const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 || k === n ? 1 : choose(n - 1, k - 1) + choose(n - 1, k));

/**
 * Posterior probability of "planted high" for each vector of a generatePlantedVectors(n, seed) run whose broad centre is
 * `centre`. Sums over which KPIs were planted (every subset of the right size is equally likely) with an elementary
 * symmetric recursion, and over z on a grid.
 */
export function plantedHighPosterior(data: Float64Array, n: number, d: number, centre: readonly number[]): Float64Array {
  const out = new Float64Array(n);
  const norm = new Float64Array(d);
  const band = new Float64Array(d);
  const broad = new Float64Array(d);
  const e = new Float64Array(d + 1);
  const eb = new Float64Array(d + 1);
  const shareLow = 1 - SHARES.broad - SHARES.scattered - SHARES.moderate;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    if (INACTIVE.every((v, c) => Math.abs(data[row + c] - v) < 1e-12)) continue; // only low users have this exact vector
    for (let c = 0; c < d; c++) {
      band[c] = bandLikelihood(c, data[row + c]);
      broad[c] = broadLikelihood(c, data[row + c], centre[c]);
    }
    let low = 0, moderate = 0, scattered = 0, broadL = 0;
    for (let k = 0; k < Z.length; k++) {
      for (let c = 0; c < d; c++) norm[c] = normalLikelihood(c, data[row + c], Z[k]);
      e.fill(0); eb.fill(0);
      e[0] = 1; eb[0] = 1;
      for (let c = 0; c < d; c++) {
        for (let j = c + 1; j >= 1; j--) {
          e[j] = e[j] * norm[c] + e[j - 1] * band[c];
          eb[j] = eb[j] * norm[c] + eb[j - 1] * broad[c];
        }
        e[0] *= norm[c];
        eb[0] *= norm[c];
      }
      low += W[k] * e[0];
      moderate += W[k] * (0.5 * e[1] / choose(d, 1) + 0.5 * e[2] / choose(d, 2));
      scattered += W[k] * (e[3] / choose(d, 3));
      broadL += W[k] * (0.4 * eb[5] / choose(d, 5) + 0.6 * eb[6]);
    }
    const high = SHARES.broad * broadL + SHARES.scattered * scattered;
    const rest = SHARES.moderate * moderate + shareLow * 0.85 * low;
    out[i] = high + rest > 0 ? high / (high + rest) : 0;
  }
  return out;
}
