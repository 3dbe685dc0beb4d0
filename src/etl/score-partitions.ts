// text_sentiment_scores has one partition per NLP model (migration 008); a model's first run builds its partition whole.
import pg from 'pg';

/** The partition holding one model's scores. */
export function scorePartitionName(modelId: number): string {
  if (!Number.isInteger(modelId) || modelId < 0) throw new Error(`bad model id ${modelId}`);
  return `text_sentiment_scores_m${modelId}`;
}

export async function hasScorePartition(client: pg.ClientBase, modelId: number): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [scorePartitionName(modelId)]);
  return rows[0].ok;
}

/**
 * Creates the model's (empty, indexed) partition if it is missing. Call outside a transaction:
 * CREATE TABLE ... PARTITION OF locks the parent table exclusively until commit. Parallel shards of a
 * first run may race here; the loser's duplicate-name error means the partition exists.
 */
export async function ensureScorePartition(client: pg.ClientBase, modelId: number): Promise<void> {
  if (await hasScorePartition(client, modelId)) return;
  const name = pg.escapeIdentifier(scorePartitionName(modelId));
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF text_sentiment_scores FOR VALUES IN (${modelId})`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42P07' && code !== '23505') throw err;
  }
}

/**
 * A model's first run (inside the load transaction): a new table without indexes takes the COPY,
 * and `attach` then builds its primary key in one sorted pass and attaches it as the model's partition
 * (no validation scan: its CHECK constraint already proves every row belongs). An index maintained row
 * by row costs about four times the COPY itself (2.66 M scores: 5.0-5.3 s against 0.95 + 1.3 s).
 */
export async function createDetachedScorePartition(client: pg.ClientBase, modelId: number): Promise<{ table: string; attach(): Promise<void> }> {
  const table = pg.escapeIdentifier(scorePartitionName(modelId));
  await client.query(`CREATE TABLE ${table} (LIKE text_sentiment_scores INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  await client.query(`ALTER TABLE ${table} ALTER COLUMN model_id SET DEFAULT ${modelId}, ADD CHECK (model_id = ${modelId})`);
  return {
    table,
    async attach() {
      await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (text_id, source_id, model_id)`);
      await client.query(`ALTER TABLE text_sentiment_scores ATTACH PARTITION ${table} FOR VALUES IN (${modelId})`);
    },
  };
}
