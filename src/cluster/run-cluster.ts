// `cluster`: reads the vectors, runs the ensemble, and writes verdicts, labels, model and chart data atomically.
import pg from 'pg';
import { copyIn, csvLine } from '../db/copy.js';
import { connectAnalytics, createAnalyticsPool, describePgError, endPools } from '../db/connections.js';
import { BusyError, LoadError, NothingToDoError, UnusableResultError } from '../errors.js';
import type { DatabaseUrls } from '../config.js';
import { RISK_LEVELS, type RiskLevel } from '../etl/feature-vector.js';
import { requireSchema } from '../etl/preflight.js';
import { releaseEtlLock, tryEtlLock } from '../etl/run-record.js';
import type { Logger } from '../log.js';
import { buildChartData, chartSourceOf } from '../charts/build-chart-data.js';
import { runEnsemble, type EnsembleOptions, type EnsembleResult } from './ensemble.js';
import { saveEnsembleModel } from './model-store.js';
import { readVectorMatrix } from './read-vectors.js';
import { notifyLevelChanges } from './notify-changes.js';
import { measureSilhouette } from './silhouette.js';
import { unusableResultReason } from './usable-result.js';
import { scrubSecrets } from '../log.js';

export { DEFAULT_CLUSTER_SEED } from './defaults.js';
/** NOTIFY channel `serve` listens on for risk updates. */
export const RISK_UPDATES_CHANNEL = 'aura_risk_updates';

export interface ClusterOptions extends EnsembleOptions {
  /** Test seam: runs just before COMMIT. */
  beforeCommit?: () => Promise<void>;
  /** Called once the run's cluster_runs row exists (serve links its job to it). */
  onRunStarted?: (clusterRunId: number) => void;
}

export interface ClusterSummary {
  clusterRunId: number;
  users: number;
  levels: { level: RiskLevel; users: number; share: number; meanAsi: number }[];
  silhouette: number | null;
  eps: EnsembleResult['eps'];
  dbscanClusters: number;
  seconds: Record<string, number>;
}

export async function runCluster(deps: { urls: DatabaseUrls; logger: Logger }, opts: ClusterOptions): Promise<ClusterSummary> {
  const started = performance.now();
  const pool = createAnalyticsPool(deps.urls.analytics, 2);
  const client = await connectAnalytics(pool);
  let locked = false;
  let runId: number | undefined;
  try {
    await requireSchema(client);
    // The ETL lock also serialises cluster runs with etl/load, so labels always match the vectors read.
    if (!(locked = await tryEtlLock(client))) throw new BusyError('another etl, load or cluster run holds the lock on the analytics database; try again when it ends');
    const t0 = performance.now();
    const m = await readVectorMatrix(client);
    const readSeconds = (performance.now() - t0) / 1000;
    if (m.n === 0) throw new NothingToDoError('there are no feature vectors to cluster: run `aura-miner etl` first');
    const parameters = { k: opts.k, eps: opts.eps, minPts: opts.minPts, contamination: opts.contamination, voteRule: opts.voteRule, minSignals: opts.minSignals };
    runId = Number(
      (await pool.query<{ id: string }>(`INSERT INTO cluster_runs (etl_run_id, status, seed, parameters) VALUES ($1, 'running', $2, $3) RETURNING cluster_run_id AS id`, [m.etlRunId ?? null, opts.seed, JSON.stringify(parameters)])).rows[0].id,
    );
    opts.onRunStarted?.(runId);
    const result = runEnsemble(m.data, m.n, m.d, opts);
    deps.logger.info(
      { clusterRunId: runId, eps: result.eps, dbscanClusters: result.dbscanClusters, voteRule: result.model.voteRule, riskSignals: result.model.riskSignals, timingsMs: result.timings },
      'ensemble fitted',
    );
    const silhouette = measureSilhouette(m.data, m.n, m.d, result.kmeansLabel, { seed: opts.seed }).score;
    const charts = buildChartData(chartSourceOf(m.data, result));
    const levels = summariseLevels(result);
    const unusable = unusableResultReason(result.levelCounts, m.n);
    if (unusable) throw new UnusableResultError(`the ensemble's result is unusable, the live verdicts were kept: ${unusable}; try other parameters (min_pts, eps, contamination)`);
    const t1 = performance.now();
    await client.query('BEGIN');
    try {
      await stageResults(client, m.ids, result);
      // Compared with the verdicts about to be replaced; delivered on COMMIT, in order, before CLUSTER_RUN.
      const changes = await notifyLevelChanges(client, RISK_UPDATES_CHANNEL, new Date());
      await replaceResults(client, runId);
      await saveEnsembleModel(client, runId, m.etlRunId, result.model);
      const seconds = { read: round(readSeconds), ensemble: round(result.timings.total / 1000), write: round((performance.now() - t1) / 1000) };
      await client.query(
        `UPDATE cluster_runs SET status = 'succeeded', finished_at = clock_timestamp(), users = $2, timings = $3, level_counts = $4,
           mean_asi = $5, silhouette = $6, eps = $7, chart_data = $8 WHERE cluster_run_id = $1`,
        [runId, m.n, JSON.stringify({ ...seconds, detectorsMs: result.timings }), JSON.stringify(result.levelCounts),
          JSON.stringify(Object.fromEntries(levels.map((l) => [l.level, l.meanAsi]))), silhouette, JSON.stringify(result.eps), JSON.stringify(charts)],
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
  } catch (err) {
    if (runId !== undefined) {
      await pool
        .query(`UPDATE cluster_runs SET status = 'failed', finished_at = clock_timestamp(), error = $2 WHERE cluster_run_id = $1`, [runId, scrubSecrets(String((err as Error).message)).slice(0, 2000)])
        .catch(() => {});
    }
    throw err;
  } finally {
    if (locked) await releaseEtlLock(client).catch(() => {});
    client.release();
    await endPools(pool);
  }
}

/** Stages the run's per-user verdicts in `stage_risk` (dropped at the end of the open transaction). */
async function stageResults(client: pg.ClientBase, ids: string[], r: EnsembleResult): Promise<void> {
  await client.query(`CREATE TEMP TABLE stage_risk (
      user_id_raiz uuid, kmeans_cluster smallint, dbscan_label integer, forest_score double precision, votes smallint, risk_level text, asi double precision
    ) ON COMMIT DROP`);
  function* rows(): Generator<string> {
    let buf = '';
    for (let i = 0; i < ids.length; i++) {
      buf += csvLine([ids[i], r.kmeansLabel[i], r.dbscanLabel[i], r.forestScore[i], r.votes[i], r.level[i], r.asi[i]]);
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
    `INSERT INTO user_risk_results (user_id_raiz, cluster_run_id, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi)
     SELECT user_id_raiz, $1, kmeans_cluster, dbscan_label, forest_score, votes, risk_level, asi FROM stage_risk`,
    [runId],
  );
  await client.query(
    `UPDATE user_feature_vector v SET cluster_label = s.risk_level FROM stage_risk s
     WHERE v.user_id_raiz = s.user_id_raiz AND v.cluster_label IS DISTINCT FROM s.risk_level`,
  );
}

function summariseLevels(r: EnsembleResult): ClusterSummary['levels'] {
  const sums: Record<RiskLevel, number> = { high: 0, moderate: 0, low: 0 };
  for (let i = 0; i < r.n; i++) sums[r.level[i]] += r.asi[i];
  return RISK_LEVELS.map((level) => {
    const users = r.levelCounts[level];
    return { level, users, share: r.n ? users / r.n : 0, meanAsi: users ? sums[level] / users : 0 };
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
