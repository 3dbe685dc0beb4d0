// Stored per-text scores and the per-user sums beside them: replaced by key with deltas, rebuilt, or stored whole.
import pg from 'pg';
import { CopyBinaryWriter } from '../db/copy-binary.js';
import { copyIn } from '../db/copy.js';
import type { UserScoreSums } from '../nlp/user-score-sums.js';

/**
 * Replaces the stored score of every staged text (NULL-score rows only remove) and moves the per-user
 * sums by the same deltas.
 */
export async function applyScores(client: pg.ClientBase, modelId: number, moveSums: boolean): Promise<number> {
  await client.query('ANALYZE stage_scores');
  if (!moveSums) {
    await client.query(
      `DELETE FROM text_sentiment_scores s USING stage_scores t WHERE s.model_id = $1 AND s.source_id = t.source_id AND s.text_id = t.text_id`,
      [modelId],
    );
    const ins = await client.query(
      `INSERT INTO text_sentiment_scores (model_id, source_id, text_id, user_id, score, text_updated_at, crisis)
       SELECT $1, source_id, text_id, user_id, score, text_updated_at, crisis FROM stage_scores WHERE score IS NOT NULL`,
      [modelId],
    );
    return ins.rowCount ?? 0;
  }
  return (await moveStagedScores(client, modelId, 'stage_scores', { users: false })).inserted;
}

/**
 * Replaces the stored score of every text in `stageTable` (NULL-score rows only remove) and moves
 * user_text_negativity by the same deltas, so sums always equal the stored scores. Shared by `load`
 * and `watch`; `stageTable` is a code constant, never input. `users`: also return whose sums moved (watch
 * re-scores them; etl rewrites every vector anyway, and at 1M users, 150k of them, the list cost 0.4 s).
 */
export async function moveStagedScores(
  client: pg.ClientBase,
  modelId: number,
  stageTable: string,
  opts: { users: boolean } = { users: true },
): Promise<{ inserted: number; users: Set<string> }> {
  const users = opts.users ? `coalesce(array_agg(DISTINCT user_id::text), '{}')` : `'{}'::text[]`;
  const deltas = (sign: string) => `deltas AS (
       INSERT INTO user_text_negativity (model_id, user_id, score_sum_micro, texts)
       SELECT $1, user_id, ${sign} sum(round(score * 1e6))::bigint, ${sign} count(*) FROM changed GROUP BY user_id
       ON CONFLICT (model_id, user_id) DO UPDATE SET
         score_sum_micro = user_text_negativity.score_sum_micro + EXCLUDED.score_sum_micro,
         texts = user_text_negativity.texts + EXCLUDED.texts
       RETURNING 1)
     SELECT count(*) AS n, ${users} AS users FROM changed`;
  const table = pg.escapeIdentifier(stageTable);
  // The staged texts are a small share of the stored scores: one primary-key probe each is ~10x faster
  // than the hash join over every stored score that the default random_page_cost (4, spinning disks)
  // makes the planner pick (measured at 2.9 M stored, 25k staged: 0.06 s against 0.67 s). Scoped to
  // these statements.
  const { rows: cost } = await client.query<{ v: string }>(`SELECT current_setting('random_page_cost') AS v`);
  await client.query(`SELECT set_config('random_page_cost', '1.1', true)`);
  try {
    return await moveScores(client, modelId, table, deltas);
  } finally {
    await client.query(`SELECT set_config('random_page_cost', $1, true)`, [cost[0].v]);
  }
}

async function moveScores(client: pg.ClientBase, modelId: number, table: string, deltas: (sign: string) => string): Promise<{ inserted: number; users: Set<string> }> {
  const removed = await client.query<{ n: string; users: string[] }>(
    `WITH changed AS (
       DELETE FROM text_sentiment_scores s USING ${table} t
       WHERE s.model_id = $1 AND s.source_id = t.source_id AND s.text_id = t.text_id
       RETURNING s.user_id, s.score),
     ${deltas('-')}`,
    [modelId],
  );
  const added = await client.query<{ n: string; users: string[] }>(
    `WITH changed AS (
       INSERT INTO text_sentiment_scores (model_id, source_id, text_id, user_id, score, text_updated_at, crisis)
       SELECT $1, t.source_id, t.text_id, t.user_id, t.score, t.text_updated_at, t.crisis
       FROM ${table} t WHERE t.score IS NOT NULL
       RETURNING user_id, score),
     ${deltas('')}`,
    [modelId],
  );
  return { inserted: Number(added.rows[0].n), users: new Set([...removed.rows[0].users, ...added.rows[0].users]) };
}

/** The per-user sums of a model in one pass over its stored scores; returns the texts counted. */
export async function rebuildSums(client: pg.ClientBase, modelId: number): Promise<number> {
  await client.query('DELETE FROM user_text_negativity WHERE model_id = $1', [modelId]);
  await client.query('UPDATE nlp_models SET sums_stale = false WHERE model_id = $1', [modelId]);
  // PostgreSQL plans no parallel workers for INSERT ... SELECT, but does for CREATE TABLE AS: aggregating
  // 2.7 M scores into a temporary table first takes 0.7 s instead of 1.9 s (100k users, 2 cores).
  // CREATE TABLE AS takes no bind parameters; modelId is a smallint from nlp_models.
  const model = Number(modelId);
  if (!Number.isInteger(model)) throw new Error(`bad model id ${modelId}`);
  await client.query(
    `CREATE TEMP TABLE rebuilt_sums ON COMMIT DROP AS
     SELECT user_id, sum(round(score * 1e6))::bigint AS score_sum_micro, count(*)::integer AS texts
     FROM text_sentiment_scores WHERE model_id = ${model} GROUP BY user_id`,
  );
  const { rows } = await client.query<{ n: string }>(
    `WITH sums AS (
       INSERT INTO user_text_negativity (model_id, user_id, score_sum_micro, texts)
       SELECT $1, user_id, score_sum_micro, texts FROM rebuilt_sums
       RETURNING texts)
     SELECT coalesce(sum(texts), 0) AS n FROM sums`,
    [modelId],
  );
  await client.query('DROP TABLE rebuilt_sums');
  return Number(rows[0].n);
}

/** A first run's sums as added up while scoring, in place of any the model had. */
export async function storeSums(client: pg.ClientBase, modelId: number, sums: UserScoreSums): Promise<number> {
  await client.query('DELETE FROM user_text_negativity WHERE model_id = $1', [modelId]);
  await client.query('UPDATE nlp_models SET sums_stale = false WHERE model_id = $1', [modelId]);
  let texts = 0;
  async function* rows(): AsyncGenerator<Buffer> {
    const w = new CopyBinaryWriter();
    let n = 0;
    for (const [user, micro, count] of sums.entries()) {
      w.row(4).int2(modelId).uuid(user).int8(micro).int4(count);
      texts += count;
      if (++n % 10_000 === 0) yield w.take();
    }
    yield w.take();
  }
  await copyIn(client, 'user_text_negativity (model_id, user_id, score_sum_micro, texts)', rows(), { format: 'binary' });
  return texts;
}
