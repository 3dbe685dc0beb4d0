// Replaces the current feature vectors with the staged ones inside the load transaction.
import pg from 'pg';
import { scoresColumn } from '../model/kpi-columns.js';
import { KPIS, type KpiRegistry } from '../model/kpis.js';

export interface VectorColumn {
  name: string;
  sql: string;
}

/**
 * Makes user_feature_vector hold exactly the staged vectors (stage_vectors), each with its negativity index
 * from the per-user sums: users gone from the population are deleted, users still in it are updated in place,
 * new users are inserted. Every vector changes each run (KPI 2 follows the reference time), and an in-place
 * update touches no index (the primary key does not change; the table keeps free space, migration 007), so
 * PostgreSQL writes it as a heap-only tuple: ~3x cheaper than deleting and inserting every row, measured at
 * 93k users. Columns a run does not write (cluster_label, one-hot columns of tags no longer configured) are
 * reset to NULL, as a fresh insert would leave them. Readers keep seeing the previous vectors until COMMIT.
 * `staged`: the rows COPYed into stage_vectors. Returns the number of vectors.
 */
export async function replaceVectors(
  client: pg.ClientBase,
  cols: readonly VectorColumn[],
  staged: number,
  runId: number,
  referenceTime: Date,
  modelId: number,
  kpis: KpiRegistry = KPIS,
): Promise<number> {
  const negativityColumn = pg.escapeIdentifier(scoresColumn(kpis));
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'user_feature_vector' AND column_name LIKE '%\\_one\\_hot'`,
  );
  const written = new Set(cols.map((c) => c.name));
  const reset = ['cluster_label', ...rows.map((r) => r.column_name).filter((c) => !written.has(c))];
  const id = pg.escapeIdentifier;
  const negativity = `LEFT JOIN (
       SELECT user_id, score_sum_micro::double precision / 1e6 / texts AS negativity, texts AS n
       FROM user_text_negativity WHERE model_id = $3 AND texts > 0
     ) a ON a.user_id = s.user_id_raiz`;
  // Statistics for the joins below; a 3,000-row sample (target 10) is enough for their plans and costs 0.02 s
  // where the default 30,000 rows cost 0.1 s at 93k users. Transaction-scoped, as in load.ts.
  await client.query(`SELECT set_config('default_statistics_target', '10', true)`);
  await client.query('ANALYZE stage_vectors');
  const updated = await client.query(
    `UPDATE user_feature_vector v SET run_id = $1, extraction_date = $2,
       ${negativityColumn} = coalesce(a.negativity, 0), texts_scored = coalesce(a.n, 0),
       ${cols.filter((c) => c.name !== 'user_id_raiz').map((c) => `${id(c.name)} = s.${id(c.name)}`).join(', ')},
       ${reset.map((c) => `${id(c)} = NULL`).join(', ')}
     FROM stage_vectors s ${negativity}
     WHERE v.user_id_raiz = s.user_id_raiz`,
    [runId, referenceTime, modelId],
  );
  // Users new to the population: only looked for when the update did not find every staged user.
  const colList = cols.map((c) => id(c.name)).join(', ');
  const inserted =
    (updated.rowCount ?? 0) < staged
      ? await client.query(
          `INSERT INTO user_feature_vector (run_id, extraction_date, ${negativityColumn}, texts_scored, ${colList})
           SELECT $1, $2, coalesce(a.negativity, 0), coalesce(a.n, 0), ${cols.map((c) => 's.' + id(c.name)).join(', ')}
           FROM stage_vectors s ${negativity}
           WHERE NOT EXISTS (SELECT 1 FROM user_feature_vector v WHERE v.user_id_raiz = s.user_id_raiz)`,
          [runId, referenceTime, modelId],
        )
      : { rowCount: 0 };
  // Every vector still in the population now carries this run's id; the others are users who left it. The
  // ETL lock keeps watch (which writes vectors under its own run ids) out until this transaction ends.
  await client.query('DELETE FROM user_feature_vector WHERE run_id <> $1', [runId]);
  return (updated.rowCount ?? 0) + (inserted.rowCount ?? 0);
}
