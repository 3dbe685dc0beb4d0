// Synthetic AURA source data for `seed`, `demo`, tests and benchmarks: the public surface of src/synth.
export { applySourceSchema, resetSources, sourcesAreEmpty, findPackageRoot, type SourceClients } from './schema.js';
export { seedSources, SourcesNotEmptyError, type SeedOptions, type SeedResult } from './seed-sources.js';
export { DEFAULT_TIMEZONE, ESTIMATED_ROWS_PER_USER } from './context.js';
