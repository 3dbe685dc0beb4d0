// Test probes over seeded sources: connected clients, table fingerprints and raw per-user KPIs computed in SQL.
import pg from 'pg';
import { applySourceSchema, type SourceClients } from '../../src/synth/index.js';
import { createTestDatabases, type TestDatabases } from '../support/databases.js';

export interface Sources {
  clients: SourceClients;
  dbs: TestDatabases;
  close(): Promise<void>;
}

/** Fresh databases with the source schema applied (twice: it must be idempotent). */
export async function openSources(): Promise<Sources> {
  const dbs = await createTestDatabases();
  const clients = {
    auth: new pg.Client({ connectionString: dbs.auth }),
    social: new pg.Client({ connectionString: dbs.social }),
    messaging: new pg.Client({ connectionString: dbs.messaging }),
  };
  await Promise.all(Object.values(clients).map((c) => c.connect()));
  await applySourceSchema(clients);
  await applySourceSchema(clients);
  return {
    clients,
    dbs,
    async close() {
      await Promise.all(Object.values(clients).map((c) => c.end()));
      await dbs.drop();
    },
  };
}

export const TABLES: ReadonlyArray<[keyof SourceClients, string, string]> = [
  ['auth', 'users', 'user_id'],
  ['social', 'user_profiles', 'id'],
  ['social', 'complete_profiles', 'id'],
  ['social', 'communities', 'id'],
  ['social', 'community_members', 'user_id, community_id'],
  ['social', 'posts', 'id'],
  ['social', 'comments', 'id'],
  ['messaging', 'users', 'id'],
  ['messaging', 'conversations', 'id'],
  ['messaging', 'messages', 'id'],
];

/** md5 of every table's rows in key order: equal fingerprints mean byte-identical contents. */
export async function fingerprintTables(clients: SourceClients): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [db, table, key] of TABLES) {
    const { rows } = await clients[db].query(`SELECT md5(string_agg(t::text, '|' ORDER BY ${key})) AS h FROM ${table} t`);
    out[`${db}.${table}`] = rows[0].h;
  }
  return out;
}

export async function queryScalar(client: pg.ClientBase, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query(sql, params);
  return Number(Object.values(rows[0])[0]);
}

/** Raw KPIs of SPEC §3 per auth user id, with a crude negative-word regex standing in for the NLP scorer. */
export interface RawKpis {
  ratio: number;
  daysSinceSeen: number;
  nightShare: number;
  incomplete: boolean;
  negativeShare: number;
  categories: number;
}

const NEGATIVE_WORDS = `'(triste|ansiedad|nadie|no puedo|vac[ií][oa]|sol[oa]|lloro|llorar|odio|miedo|cansad|harto|sobro|desaparecer|carga|sentido|suficiente|decepcionando|p[aá]nico)'`;

/** Scorable text (SPEC §4): at least 3 characters once all leading/trailing whitespace is gone (SQL trim() strips spaces only). */
const SCORABLE = `char_length(regexp_replace(content, '^\\s+|\\s+$', '', 'g')) >= 3`;
const SCORABLE_M = SCORABLE.replace('content', 'm.content');

export async function computeRawKpis(clients: SourceClients, referenceTime: Date, timezone: string): Promise<Map<string, RawKpis>> {
  const social = await clients.social.query(`
    WITH texts AS (
      SELECT user_id, content FROM posts WHERE is_active AND ${SCORABLE}
      UNION ALL SELECT user_id, content FROM comments WHERE is_active AND ${SCORABLE}),
    per_user AS (
      SELECT user_id, count(*)::int AS texts, count(*) FILTER (WHERE content ~* ${NEGATIVE_WORDS})::int AS negative
        FROM texts GROUP BY user_id),
    cats AS (
      SELECT m.user_id, count(DISTINCT c.category)::int AS n
        FROM community_members m JOIN communities c ON c.id = m.community_id GROUP BY m.user_id)
    SELECT p.id, p.user_id::text AS uid, p.following_count::float / greatest(p.followers_count, 1) AS ratio,
           (coalesce(trim(p.bio), '') = '' AND cp.id IS NULL) AS incomplete,
           coalesce(cats.n, 0) AS categories, coalesce(t.texts, 0) AS texts, coalesce(t.negative, 0) AS negative
      FROM user_profiles p
      LEFT JOIN complete_profiles cp ON cp.user_id = p.id
      LEFT JOIN per_user t ON t.user_id = p.user_id
      LEFT JOIN cats ON cats.user_id = p.id`);
  const messaging = await clients.messaging.query(
    `SELECT u.profile_id, extract(epoch FROM $1::timestamptz - u.last_seen_at) / 86400 AS days,
            count(m.id) FILTER (WHERE ${SCORABLE_M})::int AS texts,
            count(m.id) FILTER (WHERE ${SCORABLE_M} AND m.content ~* ${NEGATIVE_WORDS})::int AS negative,
            count(m.id)::int AS messages,
            count(m.id) FILTER (WHERE extract(hour FROM m.created_at AT TIME ZONE $2) BETWEEN 1 AND 5)::int AS night
       FROM users u LEFT JOIN messages m ON m.sender_profile_id = u.id AND NOT m.is_deleted
      GROUP BY u.id`,
    [referenceTime, timezone],
  );
  const byProfile = new Map(messaging.rows.map((r) => [Number(r.profile_id), r]));
  const out = new Map<string, RawKpis>();
  for (const p of social.rows) {
    const m = byProfile.get(Number(p.id));
    const texts = p.texts + (m?.texts ?? 0);
    out.set(p.uid, {
      ratio: p.ratio,
      daysSinceSeen: m?.days == null ? 365 : Number(m.days),
      nightShare: m?.messages ? m.night / m.messages : 0,
      incomplete: p.incomplete,
      negativeShare: texts ? (p.negative + (m?.negative ?? 0)) / texts : 0,
      categories: p.categories,
    });
  }
  return out;
}
