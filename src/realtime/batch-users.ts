// The user half of a batch: recompute the chosen users from the sources, judge them, write them, NOTIFY.
import type pg from 'pg';
import type { SourcePools } from '../db/connections.js';
import type { Config } from '../config.js';
import type { Columns, DatasetDef } from '../model/datasets.js';
import type { RiskLevel } from '../model/feature-vector.js';
import { KPIS } from '../model/kpis.js';
import { collectColumns, streamDataset } from '../etl/extract.js';
import { buildFeatureVectors, type UserDatasets, type VectorTable } from '../etl/transform.js';
import { arrayLiteral, batchUserDatasets } from './keyed-datasets.js';
import { judgeUsers, renormalise, type NegativitySum } from './judge-users.js';
import { buildRiskMessages, sendRiskMessages, withCrisisAlerts } from './risk-updates.js';
import { readCrisisCounts, takeCrisisAlerts } from '../etl/crisis-texts.js';
import type { ScoringModels } from './scoring-models.js';
import type { SourceSnapshot } from './source-snapshot.js';
import { removeUsers, writeJudgedUsers } from './write-users.js';

export interface UsersWritten {
  users: number;
  removed: number;
  updates: number;
  alerts: number;
}

/**
 * Recomputes, judges and writes `users` (those no longer in the population lose their vector, as do
 * `leavers`), then sends one USER_RISK_UPDATE per written user (and CRITICAL_ALERTs) in the transaction.
 */
export async function writeBatchUsers(
  input: UsersInput & { client: pg.ClientBase; batchId: number },
  users: readonly string[],
  leavers: readonly string[],
  step: (name: string) => void,
): Promise<UsersWritten> {
  const { client, models, at } = input;
  const kpis = input.config.kpis ?? KPIS;
  // Crisis texts are counted up to now: a text read by this batch may be a few ms younger than `at`.
  const crisisAt = new Date();
  const table = users.length ? await recomputeUsers(input, users) : undefined;
  step('users');
  const kept = new Set(table ? Array.from(table.data.user_id_raiz as ArrayLike<string>) : []);
  const judged = table
    ? judgeUsers(table, models.ensemble, await readNegativitySums(client, models.nlpModelId, [...kept]), models.params, await readCrisisCounts(client, models.nlpModelId, [...kept], crisisAt), kpis)
    : [];
  step('judge');
  const previous =
    table && judged.length
      ? await writeJudgedUsers({ client, batchId: input.batchId, normRunId: models.normRunId, clusterRunId: models.clusterRunId, extractionDate: at, table, judged, kpis })
      : new Map<string, RiskLevel>();
  const removed = await removeUsers(client, [...leavers, ...users.filter((u) => !kept.has(u))]);
  // Crisis language alerts whatever the ensemble votes, once per new crisis text (crisis-texts.ts); taken
  // after the vectors are written, so a user new to the population is there.
  const crisis = input.config.crisisAlerts && judged.length ? await takeCrisisAlerts(client, models.nlpModelId, crisisAt, [...kept]) : [];
  const messages = withCrisisAlerts(buildRiskMessages(judged, previous, at), crisis);
  await sendRiskMessages(client, messages);
  const alerts = messages.filter((m) => m.type === 'CRITICAL_ALERT').length;
  return { users: judged.length, removed, updates: messages.length - alerts, alerts };
}

interface UsersInput {
  sources: SourcePools;
  /** The batch's messaging snapshot, in which its messages were read and scored. */
  messaging: SourceSnapshot;
  config: Readonly<Config>;
  at: Date;
  models: ScoringModels;
  profileOf: ReadonlyMap<string, number>;
}

/**
 * The users' vectors as `etl` computes them (same transform over the same per-user datasets, read for
 * these users only: the keyed read of the same sql/extract/ files), on the stored scale. Users out of the population get no row.
 * Messaging rows are keyed by social profile: for users whose profile the batch already resolved they are
 * read beside the social rows, for the others after them, in the snapshot the batch's messages were scored
 * from, so messages_count and the night share count exactly the messages whose scores are stored.
 */
async function recomputeUsers(input: UsersInput, users: readonly string[]): Promise<VectorTable> {
  const { sources, config } = input;
  const collect = (def: DatasetDef, settings: Record<string, string>) => collectColumns(streamDataset(sources, def, settings), def);
  const batch = batchUserDatasets(config);
  const messagingOf = (profiles: Iterable<number>) => input.messaging.collect(batch.messaging_users, { profile_ids: arrayLiteral(profiles), timezone: config.timezone });
  const userIds = arrayLiteral(users);
  const known = new Set(users.map((u) => input.profileOf.get(u)).filter((p): p is number => p !== undefined));
  const [population, social, messaging] = await Promise.all([
    collect(batch.population, { user_ids: userIds }),
    collect(batch.social_profiles, { user_ids: userIds }),
    messagingOf(known),
  ]);
  const missing = (social.profile_id as number[]).filter((p) => !known.has(p));
  if (missing.length) appendColumns(messaging, await messagingOf(missing));
  const datasets: UserDatasets = { population, social_profiles: social, messaging_users: messaging };
  const kpis = config.kpis ?? KPIS;
  const opts = { referenceTime: input.at, interestTags: config.interestTags, communityCategories: config.communityCategories, winsorQuantile: config.winsorQuantile, kpis };
  return renormalise(buildFeatureVectors(datasets, opts).vectors, input.models.params, kpis);
}

function appendColumns(into: Columns, more: Columns): void {
  for (const [name, values] of Object.entries(more)) for (const v of values) into[name].push(v);
}

async function readNegativitySums(client: pg.ClientBase, modelId: number, users: string[]): Promise<Map<string, NegativitySum>> {
  const { rows } = await client.query<{ user_id: string; score_sum_micro: string; texts: number }>(
    'SELECT user_id::text AS user_id, score_sum_micro, texts FROM user_text_negativity WHERE model_id = $1 AND user_id = ANY($2::uuid[])',
    [modelId, users],
  );
  return new Map(rows.map((r) => [r.user_id, { sumMicro: Number(r.score_sum_micro), texts: r.texts }]));
}
