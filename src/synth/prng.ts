// Seeded pseudo-random numbers (sfc32), split into independent streams per user slot and table.

/**
 * One stream per (seed, slot, purpose): every table writer derives the same numbers for the same
 * user whatever order the three databases are written in, which keeps parallel writing reproducible.
 */
export const STREAM = {
  plan: 1,
  uuid: 2,
  profile: 3,
  completeProfile: 4,
  membership: 5,
  posts: 6,
  comments: 7,
  messagingUser: 8,
  messages: 9,
  community: 10,
  conversation: 11,
  auth: 12,
} as const;
export type StreamName = keyof typeof STREAM;

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, passes PractRand. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // Neighbouring seeds (slot 7 vs slot 8) must not give correlated first draws.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Uniform real in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Standard normal (Box-Muller; the second value is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    const u = 1 - this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given mean of the underlying normal's exp (median) and shape sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Log-uniform in [lo, hi): as many values per decade, the shape of follower counts of spam-like accounts. */
  logUniform(lo: number, hi: number): number {
    return lo * Math.pow(hi / lo, this.float());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Rounds up or down at random so that the mean of many counts equals the mean of the reals. */
  roundStochastic(x: number): number {
    const f = Math.floor(x);
    return f + (this.float() < x - f ? 1 : 0);
  }
}

/** The stream of one purpose for one user slot (or one community, conversation...) under one seed. */
export function openStream(seed: number, slot: number, stream: StreamName): Prng {
  return new Prng(seed >>> 0, slot, STREAM[stream] ^ Math.floor(seed / 4294967296), 0x9e3779b9);
}

/** A bijective 32-bit mixer (hash-prospector "lowbias32"): distinct inputs give distinct outputs. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A version-4 UUID for a slot. Its first 32 bits are a keyed bijection of the slot number, so two
 * slots can never collide (122 random bits from a 32-bit-seeded stream could), the rest is random.
 */
export function makeUuid(seed: number, slot: number): string {
  const r = openStream(seed, slot, 'uuid');
  const w0 = mix32((slot ^ mix32(seed >>> 0)) >>> 0);
  const w1 = r.nextUint32();
  const w2 = r.nextUint32();
  const w3 = r.nextUint32();
  return (
    toHex(w0, 8) +
    '-' +
    toHex(w1 >>> 16, 4) +
    '-' +
    toHex(0x4000 | (w1 & 0x0fff), 4) +
    '-' +
    toHex(0x8000 | ((w2 >>> 16) & 0x3fff), 4) +
    '-' +
    toHex(w2 & 0xffff, 4) +
    toHex(w3, 8)
  );
}

function toHex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0');
}
