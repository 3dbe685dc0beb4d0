// aura-miner as a library: the core functions the CLI and the server call, for programs that embed the miner.
// Every function takes its connections as arguments (URLs, or the caller's own pools) and returns a typed result.

export { resolveConfig, type Config, type DatabaseUrls } from './config.js';
export { createLogger, type Logger } from './log.js';
export { silentProgress, type Progress } from './progress.js';
export { AuraError, BusyError, ConfigError, LoadError, NothingToDoError, SourceError, EXIT, exitCodeOf } from './errors.js';

export { createAnalyticsPool, createSourcePools, endPools, type RunConnections, type SourcePools } from './db/connections.js';
export { migrate, type MigrateResult } from './db/migrate.js';
export { withLockedRun, type LockedRun, type RunKind } from './db/locked-run.js';

export { runEtl, type EtlDeps, type EtlOptions, type EtlResult } from './etl/pipeline.js';
export { loadDir, type LoadDirResult } from './etl/load-files.js';
export { runScoring, type ScoreRunResult } from './etl/score-run.js';
export { KPI_COLUMNS, RISK_LEVELS, type RiskLevel } from './model/feature-vector.js';
export { KPIS, type KpiDef, type KpiRegistry } from './model/kpis.js';

export { runCluster, RISK_UPDATES_CHANNEL, DEFAULT_CLUSTER_SEED, type ClusterOptions, type ClusterSummary } from './cluster/run-cluster.js';
export { runEnsemble, scoreVector, type EnsembleOptions, type EnsembleResult } from './cluster/ensemble.js';
export { loadLatestEnsembleModel, type StoredModel } from './cluster/model-store.js';
export type { EnsembleModel, PointVerdict } from './cluster/ensemble-model.js';
