// `cluster`: reads the vectors, runs the ensemble, and writes verdicts, labels, model and chart data atomically.
import type pg from 'pg';
import { copyIn, csvLine } from '../db/copy.js';
import { describePgError, withAnalyticsPool, type RunConnections } from '../db/connections.js';
import { withLockedRun } from '../db/locked-run.js';
import { RISK_UPDATES_CHANNEL } from '../model/notify-contract.js';
import { LoadError, NothingToDoError, UnusableResultError } from '../errors.js';
import { RISK_LEVELS, type RiskLevel } from '../model/feature-vector.js';
import type { Logger } from '../log.js';
import { buildChartData, chartSourceOf } from './build-chart-data.js';
import { runEnsemble, type EnsembleOptions, type EnsembleResult } from './ensemble.js';
import { saveEnsembleModel } from './model-store.js';
import { readVectorMatrix, type VectorMatrix } from './read-vectors.js';
import { rawReasonColumns } from '../model/kpi-columns.js';
import { KPIS, type KpiRegistry } from '../model/kpis.js';
import { describeFences, reasonsInRawUnits } from './risk-reasons.js';
import type { NormParams } from '../etl/normalize.js';
import { readNormParams } from '../etl/read-norm-params.js';
import { notifyLevelChanges } from './notify-changes.js';
import { measureSilhouette } from './silhouette.js';
import { unusableResultReason } from './usable-result.js';

export { DEFAULT_CLUSTER_SEED } from './defaults.js';
export { RISK_UPDATES_CHANNEL };

export interface ClusterOptions extends EnsembleOptions {
  /** Test seam: runs just before COMMIT. */
  beforeCommit?: () => Promise<void>;
  /** Called once the run's cluster_runs row exists (serve links its job to it). */
  onRunStarted?: (clusterRunId: number) => void;
}

export interface ClusterSummary {
  clusterRunId: number;
  users: number;
  levels: { level: RiskLevel; users: number; share: number; meanAsi: number; meanSeverity: number }[];
  silhouette: number | null;
  eps: EnsembleResult['eps'];
  dbscanClusters: number;
  seconds: Record<string, number>;
}

export async function runCluster(deps: { logger: Logger } & RunConnections, opts: ClusterOptions): Promise<ClusterSummary> {
  const started = performance.now();
  // The ETL lock also serialises cluster runs with etl/load, so labels always match the vectors read.
  return withAnalyticsPool(deps, 2, (pool) =>
    withLockedRun(pool, 'cluster', async ({ client, start }) => {
      const t0 = performance.now();
      const kpis = opts.kpis ?? KPIS;
      const m = await readVectorMatrix(client, kpis);
      const readSeconds = (performance.now() - t0) / 1000;
      if (m.n === 0) throw new NothingToDoError('there are no feature vectors to cluster: run `aura-miner etl` first');
      const parameters = { k: opts.k, eps: opts.eps, minPts: opts.minPts, contamination: opts.contamination, voteRule: opts.voteRule, minSignals: opts.minSignals };
      const runId = await start({ etlRunId: m.etlRunId ?? null, seed: opts.seed, parameters });
      opts.onRunStarted?.(runId);
      const result = runEnsemble(m.data, m.n, m.d, opts);
      deps.logger.info(
        { clusterRunId: runId, eps: result.eps, dbscanClusters: result.dbscanClusters, voteRule: result.model.voteRule, riskSignals: result.model.riskSignals, timingsMs: result.timings },
        'ensemble fitted',
      );
      const silhouette = measureSilhouette(m.data, m.n, m.d, result.kmeansLabel, { seed: opts.seed }).score;
      const charts = buildChartData(chartSourceOf(m.data, result));
      const normParams = m.etlRunId === undefined ? {} : await readNormParams(client, m.etlRunId);
      const levels = summariseLevels(result);
      const unusable = unusableResultReason(result.levelCounts, m.n);
      if (unusable) throw new UnusableResultError(`the ensemble's result is unusable, the live verdicts were kept: ${unusable}; try other parameters (min_pts, eps, contamination)`);
      const t1 = performance.now();
      await client.query('BEGIN');
      try {
        await stageResults(client, m, result, normParams, kpis);
        // Compared with the verdicts about to be replaced; delivered on COMMIT, in order, before CLUSTER_RUN.
        const changes = await notifyLevelChanges(client, RISK_UPDATES_CHANNEL, new Date());
        await replaceResults(client, runId);
        await saveEnsembleModel(client, runId, m.etlRunId, result.model);
        const seconds = { read: round(readSeconds), ensemble: round(result.timings.total / 1000), write: round((performance.now() - t1) / 1000) };
        await client.query(
          `UPDATE cluster_runs SET status = 'succeeded', finished_at = clock_timestamp(), users = $2, timings = $3, level_counts = $4,
             mean_asi = $5, silhouette = $6, eps = $7, chart_data = $8, mean_severity = $9, risk_fences = $10 WHERE cluster_run_id = $1`,
          [runId, m.n, JSON.stringify({ ...seconds, detectorsMs: result.timings }), JSON.stringify(result.levelCounts),
            JSON.stringify(Object.fromEntries(levels.map((l) => [l.level, l.meanAsi]))), silhouette, JSON.stringify(result.eps), JSON.stringify(charts),
            JSON.stringify(Object.fromEntries(levels.map((l) => [l.level, l.meanSeverity]))), JSON.stringify(describeFences(result.model.riskSignals, normParams, kpis))],
        );
        const refetch = changes.notified < changes.changed;
        await client.query('SELECT pg_notify($1, $2)', [
          RISK_UPDATES_CHANNEL,
          JSON.stringify({ type: 'CLUSTER_RUN', clusterRunId: runId, levelCounts: result.levelCounts, changedUsers: changes.changed, notifiedUsers: changes.notified, refetch }),
        ]);
        await opts.beforeCommit?.();
        await client.query('COMMIT');
        const summary = { clusterRunId: runId, users: m.n, levels, silhouette, eps: result.eps, dbscanClusters: result.dbscanClusters, seconds: { ...seconds, total: round((performance.now() - started) / 1000) } };
        deps.logger.info({ clusterRunId: runId, levelCounts: result.levelCounts, seconds: summary.seconds }, 'cluster finished');
        return summary;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw new LoadError(`writing the cluster results failed, nothing was changed: ${describePgError(err)}`, { cause: err });
      }
    }),
  );
}

/**
 * Stages the run's per-user verdicts in `stage_risk` (dropped at the end of the open transaction). Reasons
 * are in real units (the vectors' raw columns, fences through the run's normalisation parameters).
 */
async function stageResults(client: pg.ClientBase, m: VectorMatrix, r: EnsembleResult, normParams: Record<string, NormParams>, kpis: KpiRegistry): Promise<void> {
  const { ids } = m;
  const rawColumns = rawReasonColumns(kpis);
  const w = rawColumns.length;
  await client.query(`CREATE TEMP TABLE stage_risk (
      user_id_raiz uuid, kmeans_cluster smallint, dbscan_label integer, forest_score double precision, votes smallint, risk_level text, asi double precision,
      severity double precision, reasons jsonb
    ) ON COMMIT DROP`);
  function* rows(): Generator<string> {
    let buf = '';
    for (let i = 0; i < ids.length; i++) {
      const reasons = r.reasons[i].length ? reasonsInRawUnits(r.reasons[i], r.model.riskSignals, normParams, (column) => m.raw[i * w + rawColumns.indexOf(column)], kpis) : r.reasons[i];
      buf += csvLine([ids[i], r.kmeansLabel[i], r.dbscanLabel[i], r.forestScore[i], r.votes[i], r.level[i], r.asi[i], r.severity[i], JSON.stringify(reasons)]);
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await copyIn(client, 'stage_risk', rows());
}

/** Replaces the per-user verdicts and the vectors' cluster_label with the staged ones, in the open transaction. */
async function replaceResults(client: pg.ClientBase, runId: number): Promise<void> {
  await client.query('DELETE FROM user_risk_results');
  await client.query(
    `INSERT INTO user_risk_results (user_id_raiz, cluster_run_id, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi, severity, reasons)
     SELECT user_id_raiz, $1, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi, severity, reasons FROM stage_risk`,
    [runId],
  );
  await client.query(
    `UPDATE user_feature_vector v SET cluster_label = s.risk_level FROM stage_risk s
     WHERE v.user_id_raiz = s.user_id_raiz AND v.cluster_label IS DISTINCT FROM s.risk_level`,
  );
}

function summariseLevels(r: EnsembleResult): ClusterSummary['levels'] {
  const sums: Record<RiskLevel, number> = { high: 0, moderate: 0, low: 0 };
  const severities: Record<RiskLevel, number> = { high: 0, moderate: 0, low: 0 };
  for (let i = 0; i < r.n; i++) {
    sums[r.level[i]] += r.asi[i];
    severities[r.level[i]] += r.severity[i];
  }
  return RISK_LEVELS.map((level) => {
    const users = r.levelCounts[level];
    return { level, users, share: r.n ? users / r.n : 0, meanAsi: users ? sums[level] / users : 0, meanSeverity: users ? severities[level] / users : 0 };
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
