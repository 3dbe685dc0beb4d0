// Streams the current feature vectors into one row-major Float64Array (KPI_COLUMNS order) plus ids.
import type pg from 'pg';
import { copyOut } from '../db/copy.js';
import { KPI_COLUMNS } from '../model/feature-vector.js';

export interface VectorMatrix {
  ids: string[];
  data: Float64Array;
  n: number;
  d: number;
  /** etl run the vectors come from (the newest one present). */
  etlRunId: number | undefined;
}

const SELECT = `SELECT user_id_raiz, run_id, ${KPI_COLUMNS.map((c) => (c === 'is_profile_incomplete' ? `${c}::int` : c)).join(', ')}
  FROM user_feature_vector ORDER BY user_id_raiz`;

export async function readVectorMatrix(client: pg.ClientBase): Promise<VectorMatrix> {
  const d = KPI_COLUMNS.length;
  let data = new Float64Array(1024 * d);
  const ids: string[] = [];
  let etlRunId: number | undefined;
  for await (const batch of copyOut(client, SELECT)) {
    for (const rec of batch) {
      const i = ids.length;
      if ((i + 1) * d > data.length) {
        const grown = new Float64Array(data.length * 2);
        grown.set(data);
        data = grown;
      }
      ids.push(rec[0]!);
      const run = Number(rec[1]);
      if (etlRunId === undefined || run > etlRunId) etlRunId = run;
      for (let j = 0; j < d; j++) data[i * d + j] = Number(rec[2 + j]);
    }
  }
  return { ids, data: data.subarray(0, ids.length * d), n: ids.length, d, etlRunId };
}
