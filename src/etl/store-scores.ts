// Stored per-text scores and the per-user sums beside them: replaced by key with deltas, rebuilt, or stored whole.
import pg from 'pg';
import { CopyBinaryWriter } from '../db/copy-binary.js';
import { copyInStatement } from '../db/copy.js';
import type { UserScoreSums } from '../nlp/user-score-sums.js';
import { analyticsSql } from '../db/sql-file.js';

/**
 * Replaces the stored score of every staged text (NULL-score rows only remove) and moves the per-user
 * sums by the same deltas.
 */
export async function applyScores(client: pg.ClientBase, modelId: number, moveSums: boolean): Promise<number> {
  await client.query('ANALYZE stage_scores');
  if (!moveSums) {
    await client.query(analyticsSql('delete-staged-scores'), [modelId]);
    const ins = await client.query(analyticsSql('insert-staged-scores'), [modelId]);
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
  const slots = { stage: pg.escapeIdentifier(stageTable), users: opts.users ? `coalesce(array_agg(DISTINCT user_id::text), '{}')` : `'{}'::text[]` };
  // The staged texts are a small share of the stored scores: one primary-key probe each is ~10x faster
  // than the hash join over every stored score that the default random_page_cost (4, spinning disks)
  // makes the planner pick (measured at 2.9 M stored, 25k staged: 0.06 s against 0.67 s). Scoped to
  // these statements.
  const { rows: cost } = await client.query<{ v: string }>(`SELECT current_setting('random_page_cost') AS v`);
  await client.query(`SELECT set_config('random_page_cost', '1.1', true)`);
  try {
    return await moveScores(client, modelId, slots);
  } finally {
    await client.query(`SELECT set_config('random_page_cost', $1, true)`, [cost[0].v]);
  }
}

async function moveScores(client: pg.ClientBase, modelId: number, slots: { stage: string; users: string }): Promise<{ inserted: number; users: Set<string> }> {
  const removed = await client.query<{ n: string; users: string[] }>(analyticsSql('move-scores-out', slots), [modelId]);
  const added = await client.query<{ n: string; users: string[] }>(analyticsSql('move-scores-in', slots), [modelId]);
  return { inserted: Number(added.rows[0].n), users: new Set([...removed.rows[0].users, ...added.rows[0].users]) };
}

/** The per-user sums of a model in one pass over its stored scores; returns the texts counted. */
export async function rebuildSums(client: pg.ClientBase, modelId: number): Promise<number> {
  await clearSums(client, modelId);
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
  const { rows } = await client.query<{ n: string }>(analyticsSql('insert-rebuilt-sums'), [modelId]);
  await client.query('DROP TABLE rebuilt_sums');
  return Number(rows[0].n);
}

/** A first run's sums as added up while scoring, in place of any the model had. */
export async function storeSums(client: pg.ClientBase, modelId: number, sums: UserScoreSums): Promise<number> {
  await clearSums(client, modelId);
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
  await copyInStatement(client, analyticsSql('copy-user-sums'), rows());
  return texts;
}

/** Drops a model's per-user sums before they are stored or rebuilt whole, and marks them fresh. */
async function clearSums(client: pg.ClientBase, modelId: number): Promise<void> {
  await client.query(analyticsSql('delete-user-sums'), [modelId]);
  await client.query(analyticsSql('mark-sums-fresh'), [modelId]);
}
