// Streams the current feature vectors into one row-major Float64Array (the registry's KPI order) plus ids.
import type pg from 'pg';
import { copyOut } from '../db/copy.js';
import { kpiColumns, rawReasonColumns, selectAsNumbers } from '../model/kpi-columns.js';
import { KPIS, type KpiRegistry } from '../model/kpis.js';

export interface VectorMatrix {
  ids: string[];
  data: Float64Array;
  n: number;
  d: number;
  /** etl run the vectors come from (the newest one present). */
  etlRunId: number | undefined;
  /** n x rawReasonColumns(kpis).length, row-major: the raw values the reasons show in real units. */
  raw: Float64Array;
}

export async function readVectorMatrix(client: pg.ClientBase, kpis: KpiRegistry = KPIS): Promise<VectorMatrix> {
  const columns = kpiColumns(kpis);
  const rawColumns = rawReasonColumns(kpis);
  const d = columns.length;
  const w = rawColumns.length;
  const select = `SELECT user_id_raiz, run_id, ${selectAsNumbers(columns, '', kpis)}
    ${w ? ', ' + rawColumns.join(', ') : ''}
  FROM user_feature_vector ORDER BY user_id_raiz`;
  let data = new Float64Array(1024 * d);
  let raw = new Float64Array(1024 * w);
  const ids: string[] = [];
  let etlRunId: number | undefined;
  for await (const batch of copyOut(client, select)) {
    for (const rec of batch) {
      const i = ids.length;
      if ((i + 1) * d > data.length) {
        const grown = new Float64Array(data.length * 2);
        grown.set(data);
        data = grown;
        const grownRaw = new Float64Array(raw.length * 2);
        grownRaw.set(raw);
        raw = grownRaw;
      }
      ids.push(rec[0]!);
      const run = Number(rec[1]);
      if (etlRunId === undefined || run > etlRunId) etlRunId = run;
      for (let j = 0; j < d; j++) data[i * d + j] = Number(rec[2 + j]);
      for (let j = 0; j < w; j++) raw[i * w + j] = Number(rec[2 + d + j]);
    }
  }
  return { ids, data: data.subarray(0, ids.length * d), n: ids.length, d, etlRunId, raw: raw.subarray(0, ids.length * w) };
}
