// Invariants and source fixtures of the watch tests: crafted users, message counts, score sums, stale vectors.
import { randomUUID } from 'node:crypto';
import type { DatabaseUrls } from '../../src/config.js';
import { withClient } from '../support/crafted-sources.js';
import type { SourceUser } from './watch-fixture.js';

/**
 * A new, ordinary user (followed, complete profile, two communities, seen today, no message yet);
 * with `incompleteProfile`, no bio and no complete_profiles row (KPI 4), the one thing out of the ordinary.
 */
export async function craftUser(urls: DatabaseUrls, options: { incompleteProfile?: boolean } = {}): Promise<SourceUser> {
  const userId = randomUUID();
  await withClient(urls.auth, (c) => c.query(`INSERT INTO users (user_id, email, id_role) VALUES ($1, $2, 2)`, [userId, `${userId}@example.test`]));
  const profileId = await withClient(urls.social, async (c) => {
    const bio = options.incompleteProfile ? null : 'me gusta el fútbol';
    const p = await c.query(`INSERT INTO user_profiles (user_id, followers_count, following_count, bio) VALUES ($1, 40, 35, $2) RETURNING id`, [userId, bio]);
    const id = Number(p.rows[0].id);
    if (!options.incompleteProfile) await c.query(`INSERT INTO complete_profiles (user_id, interests) VALUES ($1, '{musica,deporte}')`, [id]);
    await c.query(
      `INSERT INTO community_members (user_id, community_id)
       SELECT $1, min(id) FROM communities GROUP BY category ORDER BY category LIMIT 3`,
      [id],
    );
    return id;
  });
  const messagingId = await withClient(urls.messaging, async (c) => Number((await c.query(`INSERT INTO users (profile_id, last_seen_at) VALUES ($1, now()) RETURNING id`, [profileId])).rows[0].id));
  return { userId, profileId, messagingId };
}

/** Non-deleted messages per user, counted in the messaging source. */
export async function messageCounts(urls: DatabaseUrls, users: readonly SourceUser[]): Promise<Map<string, number>> {
  const byMessaging = new Map(users.map((u) => [u.messagingId, u.userId]));
  const rows = await withClient(urls.messaging, async (c) =>
    (await c.query<{ s: string; n: number }>('SELECT sender_profile_id AS s, count(*)::int AS n FROM messages WHERE NOT is_deleted AND sender_profile_id = ANY($1::bigint[]) GROUP BY 1', [[...byMessaging.keys()]])).rows,
  );
  const out = new Map(users.map((u) => [u.userId, 0]));
  for (const r of rows) out.set(byMessaging.get(Number(r.s))!, r.n);
  return out;
}

/** Per-user sums (user_text_negativity) equal the sum and count of the stored scores, for every user. */
export async function scoreSumsAgree(analytics: string): Promise<boolean> {
  return withClient(analytics, async (c) => {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM (
         SELECT model_id, user_id, sum(round(score * 1e6))::bigint AS s, count(*)::int AS k FROM text_sentiment_scores GROUP BY 1, 2) a
       FULL JOIN (SELECT * FROM user_text_negativity WHERE texts > 0) u USING (model_id, user_id)
       WHERE a.s IS DISTINCT FROM u.score_sum_micro OR a.k IS DISTINCT FROM u.texts`,
    );
    return rows[0].n === 0;
  });
}

/** Vectors whose negativity index no longer equals the mean of the user's stored scores. */
export async function staleVectors(analytics: string): Promise<number> {
  return withClient(analytics, async (c) => {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM user_feature_vector v
       LEFT JOIN user_text_negativity n ON n.user_id = v.user_id_raiz AND n.texts > 0
       WHERE v.sentiment_negativity_index <> coalesce(n.score_sum_micro::double precision / 1e6 / n.texts, 0)
          OR v.texts_scored <> coalesce(n.texts, 0)`,
    );
    return rows[0].n;
  });
}
