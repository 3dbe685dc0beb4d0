// Defaults of the synthetic data (`seed`, `demo`), apart so the command line shows them without loading the generator.

/** Synthetic users created by `seed` and a first `demo`. */
export const DEFAULT_SYNTHETIC_USERS = 5000;
/** PRNG seed of the synthetic data: the same seed, the same data. */
export const DEFAULT_DATA_SEED = 42;
