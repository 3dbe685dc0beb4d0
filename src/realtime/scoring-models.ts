// What a batch scores with: the stored normalisation of the last full run and the latest persisted ensemble.
import type pg from 'pg';
import { loadLatestEnsembleModel } from '../cluster/model-store.js';
import type { EnsembleModel } from '../cluster/ensemble-model.js';
import { NothingToDoError } from '../errors.js';
import type { NormParams } from '../etl/normalize.js';
import { readNormParams } from '../etl/read-norm-params.js';
import type { Logger } from '../log.js';
import { kpiColumns, normalisedKpis } from '../model/kpi-columns.js';
import { KPIS, type KpiRegistry } from '../model/kpis.js';


export interface ScoringModels {
  /** The etl run whose normalisation parameters place a single user on everyone's scale. */
  normRunId: number;
  /** Per normalised KPI (kpis.ts), by the name its parameters are stored under. */
  params: Readonly<Record<string, NormParams>>;
  clusterRunId: number;
  ensemble: EnsembleModel;
  /** nlp_models.model_id of the configured scorer. */
  nlpModelId: number;
  /**
   * Sharded `score` runs store scores without moving the per-user sums and leave them to the next
   * etl: until it has run, user_text_negativity is not the mean of the stored scores.
   */
  sumsStale: boolean;
}

/**
 * Keeps the models between batches and reloads them when a newer etl or cluster run has committed
 * (a full run can finish while watch runs). Call inside the batch transaction, under the ETL lock,
 * so the models read match the vectors and results the batch writes beside.
 */
export class ScoringModelCache {
  private cached: ScoringModels | undefined;

  constructor(
    private readonly nlpModelName: string,
    private readonly logger: Logger,
    private readonly kpis: KpiRegistry = KPIS,
  ) {}

  async current(client: pg.ClientBase): Promise<ScoringModels> {
    const { rows } = await client.query<{ norm_run: string | null; cluster_run: string | null; nlp_model: number | null; sums_stale: boolean | null }>(
      `SELECT
         (SELECT max(r.run_id) FROM etl_runs r
          WHERE r.status = 'succeeded' AND EXISTS (SELECT 1 FROM normalization_params p WHERE p.run_id = r.run_id)) AS norm_run,
         (SELECT max(m.cluster_run_id) FROM cluster_models m JOIN cluster_runs r USING (cluster_run_id) WHERE r.status = 'succeeded') AS cluster_run,
         (SELECT model_id FROM nlp_models WHERE name = $1) AS nlp_model,
         (SELECT sums_stale FROM nlp_models WHERE name = $1) AS sums_stale`,
      [this.nlpModelName],
    );
    const r = rows[0];
    if (r.norm_run === null) throw new NothingToDoError('no etl run has stored normalisation parameters yet: run `aura-miner etl --cluster` first');
    if (r.cluster_run === null) throw new NothingToDoError('no stored risk ensemble yet: run `aura-miner cluster` first');
    if (r.nlp_model === null) throw new NothingToDoError(`no text was ever scored with the NLP model ${this.nlpModelName}: run \`aura-miner etl\` with it first`);
    const normRunId = Number(r.norm_run);
    const clusterRunId = Number(r.cluster_run);
    const c = this.cached;
    const sumsStale = r.sums_stale === true;
    if (c && c.normRunId === normRunId && c.clusterRunId === clusterRunId && c.nlpModelId === r.nlp_model) return (this.cached = { ...c, sumsStale });

    const params = c && c.normRunId === normRunId ? c.params : await readCompleteNormParams(client, normRunId, this.kpis);
    let ensemble = c?.ensemble;
    if (!c || c.clusterRunId !== clusterRunId) {
      const stored = await loadLatestEnsembleModel(client);
      if (!stored) throw new NothingToDoError('no stored risk ensemble yet: run `aura-miner cluster` first');
      // A KPI added (or removed) since the model was fitted: its vectors have another shape.
      const expected = kpiColumns(this.kpis);
      if (stored.model.kpiColumns.join() !== expected.join()) {
        throw new NothingToDoError(`the stored risk ensemble was fitted on other KPIs (${stored.model.kpiColumns.length}, this registry has ${expected.length}): run \`aura-miner etl\` and \`aura-miner cluster\` first`);
      }
      ensemble = stored.model;
    }
    this.cached = { normRunId, params, clusterRunId, ensemble: ensemble!, nlpModelId: r.nlp_model, sumsStale };
    this.logger.info({ normRunId, clusterRunId }, c ? 'newer full run found: scoring with its models' : 'scoring models loaded');
    return this.cached;
  }
}

async function readCompleteNormParams(client: pg.ClientBase, runId: number, kpis: KpiRegistry): Promise<Record<string, NormParams>> {
  const stored = await readNormParams(client, runId);
  for (const { name: kpi } of normalisedKpis(kpis)) {
    if (!stored[kpi]) throw new NothingToDoError(`etl run ${runId} has no normalisation parameters for ${kpi}: run \`aura-miner etl\` again`);
  }
  return stored;
}
