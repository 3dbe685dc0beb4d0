// Defaults the command line shows before any clustering code is loaded (the CLI imports commands' code lazily).

/** Default `--seed`: runs are reproducible unless a seed is chosen. */
export const DEFAULT_CLUSTER_SEED = 42;
