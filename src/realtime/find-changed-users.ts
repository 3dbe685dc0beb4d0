// Catch-up: re-reads every user from the sources and finds the stored vectors that no longer match.
import pg from 'pg';
import type { Config } from '../config.js';
import { copyOut } from '../db/copy.js';
import type { SourcePools } from '../db/connections.js';
import { extractUserDatasets } from '../etl/pipeline.js';
import { buildFeatureVectors } from '../etl/transform.js';
import { comparedColumns, scoresColumn } from '../model/kpi-columns.js';
import { KPIS } from '../model/kpis.js';

export interface ChangedUsers {
  /** Population users whose stored vector is missing or disagrees with the sources or the stored scores. */
  changed: string[];
  /** Users with a stored vector who are no longer in the population. */
  removed: string[];
  compared: number;
}

/**
 * Notifications sent while nobody listened are lost, and several source tables have no updated_at to
 * keep a watermark on (community_members, messaging users; deletes leave no row at all). So after a
 * (re)connect every user is re-read with the same pushed-down queries as `etl` and compared, in real
 * units, with what is stored: the KPIs' stored inputs and raw values (kpi-columns.ts comparedColumns), the one-hot flags, and whether the stored negativity
 * index still equals the mean of the stored scores (a batch that scored texts but died before writing
 * their users). KPI 2 is not compared: it moves with the clock for everyone, which is the daily etl's job.
 */
export async function findChangedUsers(input: {
  client: pg.ClientBase;
  sources: SourcePools;
  config: Readonly<Config>;
  nlpModelId: number;
  oneHotColumns: readonly string[];
}): Promise<ChangedUsers> {
  const { client, config, oneHotColumns } = input;
  const kpis = config.kpis ?? KPIS;
  const datasets = await extractUserDatasets(input.sources, config);
  const v = buildFeatureVectors(datasets, {
    kpis,
    referenceTime: new Date(),
    interestTags: config.interestTags,
    communityCategories: config.communityCategories,
    winsorQuantile: config.winsorQuantile,
  }).vectors;

  await client.query(`SELECT set_config('aura.watch_model_id', $1, true)`, [String(input.nlpModelId)]);
  const compared = comparedColumns(kpis);
  const id = pg.escapeIdentifier;
  // Timestamps come back as epoch milliseconds (transform's ISO text has millisecond precision).
  const comparedSql = compared.map((c) => (c.sql === 'timestamptz' ? `(extract(epoch FROM v.${id(c.name)}) * 1000)::bigint` : `v.${id(c.name)}`)).join(', ');
  const negativity = id(scoresColumn(kpis));
  const stored = new Map<string, (string | null)[]>();
  const oneHotSql = oneHotColumns.map((c) => `v.${id(c)}`).join(', ');
  for await (const batch of copyOut(
    client,
    `SELECT v.user_id_raiz, ${comparedSql},
       (v.${negativity} = coalesce(n.score_sum_micro::double precision / 1e6 / n.texts, 0)
         AND v.texts_scored = coalesce(n.texts, 0))${oneHotSql ? ', ' + oneHotSql : ''}
     FROM user_feature_vector v
     LEFT JOIN user_text_negativity n
       ON n.model_id = current_setting('aura.watch_model_id')::smallint AND n.user_id = v.user_id_raiz AND n.texts > 0`,
  )) {
    for (const rec of batch) stored.set(rec[0]!, rec);
  }

  const col = (name: string) => v.data[name] as ArrayLike<unknown>;
  const ids = col('user_id_raiz') as ArrayLike<string>;
  const values = compared.map((c) => ({ bool: c.sql === 'boolean', now: col(c.name) }));
  const flags = oneHotColumns.map(col);
  const changed: string[] = [];
  for (let i = 0; i < v.rows; i++) {
    const rec = stored.get(ids[i]);
    stored.delete(ids[i]);
    if (!rec || !sameUser(rec, i, values, flags)) changed.push(ids[i]);
  }
  return { changed, removed: [...stored.keys()], compared: v.rows };
}

/** rec: user id, the compared columns, whether the negativity matches the stored scores, the one-hot flags. */
function sameUser(rec: (string | null)[], i: number, values: { bool: boolean; now: ArrayLike<unknown> }[], flags: ArrayLike<unknown>[]): boolean {
  for (let k = 0; k < values.length; k++) {
    const was = rec[1 + k];
    const now = values[k].now[i];
    if (values[k].bool) {
      if ((was === 't') !== Boolean(now)) return false;
      continue;
    }
    // last_seen_at travels as ISO text with milliseconds (transform.ts) and comes back as epoch ms.
    const value = typeof now === 'string' ? Date.parse(now) : now;
    if (was === null ? value !== null && value !== undefined : Number(was) !== value) return false;
  }
  const at = 1 + values.length;
  if (rec[at] !== 't') return false;
  for (let k = 0; k < flags.length; k++) if ((rec[at + 1 + k] === 't') !== Boolean(flags[k][i])) return false;
  return true;
}
