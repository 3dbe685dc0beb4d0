// Reads one etl run's stored normalisation parameters (SPEC §3), by the KPI name they are stored under.
import type pg from 'pg';
import type { NormParams } from './normalize.js';

/** The run's parameters that exist (a run that stored none gives {}). */
export async function readNormParams(client: pg.ClientBase, runId: number): Promise<Record<string, NormParams>> {
  const { rows } = await client.query<{ kpi: string; min_value: number; max_value: number; clip_value: number; quantile: number }>(
    'SELECT kpi, min_value, max_value, clip_value, quantile FROM normalization_params WHERE run_id = $1',
    [runId],
  );
  return Object.fromEntries(rows.map((p) => [p.kpi, { kpi: p.kpi, min: p.min_value, max: p.max_value, clip: p.clip_value, quantile: p.quantile }]));
}
