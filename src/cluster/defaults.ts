// Defaults the command line shows before any clustering code is loaded (the CLI imports commands' code lazily).

/** Default `--seed`: runs are reproducible unless a seed is chosen. */
export const DEFAULT_CLUSTER_SEED = 42;
/** K-Means clusters. */
export const DEFAULT_K = 4;
/** Isolation Forest share of voting points, SPEC §5. */
export const DEFAULT_CONTAMINATION = 0.05;
