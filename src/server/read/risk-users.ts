// Users of one risk level, highest ASI first, one keyset page at a time (index user_risk_results_level_asi);
// the high list starts with every user who wrote crisis language in the last 30 days, whatever the ensemble voted.
import type pg from 'pg';
import { KPI_COLUMNS, type RiskLevel } from '../../model/feature-vector.js';
import { encodeCursor, type RiskCursor } from '../cursor.js';

export const DEFAULT_PAGE_SIZE = 50;

export interface RiskUser {
  user_id: string;
  risk_level: RiskLevel;
  asi: number;
  votes: number;
  kmeans_cluster: number;
  dbscan_label: number;
  forest_score: number;
  cluster_run_id: number;
  updated_at: string;
  /** The six normalised KPIs of the current feature vector (null when the vector is gone). */
  kpis: Record<string, number | boolean | null>;
  /** Why the user is listed beyond the ensemble's vote: crisis language, with its 30-day count of texts. */
  reasons: { kpi: string; value: number; fence: number }[];
}

export interface RiskUserPage {
  risk_level: RiskLevel;
  limit: number;
  users: RiskUser[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface ListRiskUsersOptions {
  level: RiskLevel;
  limit: number;
  after?: RiskCursor;
}

/** Crisis users rank above every ASI (0-100) in the keyset: their rank is ASI + CRISIS_RANK. */
const CRISIS_RANK = 1000;

/**
 * The index is (risk_level, asi DESC, user_id_raiz): `rank <= $2` bounds the index scan and the OR
 * skips the rows of the last page's rank already served, so every page costs the same at any depth.
 * For the high list, crisis users (partial index user_feature_vector_crisis, migration 011) come first, ranked
 * asi + CRISIS_RANK; the ensemble's part skips them. The cursor carries the rank.
 */
const PAGE_SQL = `
  WITH crisis AS (SELECT user_id_raiz, crisis_texts_30d FROM user_feature_vector WHERE crisis_texts_30d > 0 AND $1 = 'high')
  SELECT r.user_id_raiz::text AS user_id, r.risk_level, r.asi, r.votes, r.kmeans_cluster, r.dbscan_label, r.forest_score,
         r.cluster_run_id, r.updated_at, r.rank, r.crisis_texts,
         v.reciprocity_ratio_norm, v.days_since_last_seen_norm, v.ratio_night_messages, v.is_profile_incomplete,
         v.sentiment_negativity_index, v.num_community_categories_norm
  FROM (
    SELECT * FROM (
      SELECT u.*, u.asi + ${CRISIS_RANK} AS rank, c.crisis_texts_30d AS crisis_texts FROM crisis c JOIN user_risk_results u USING (user_id_raiz)
      WHERE $2::float8 IS NULL OR (u.asi + ${CRISIS_RANK} <= $2 AND (u.asi + ${CRISIS_RANK} < $2 OR u.user_id_raiz > $3::uuid))
      ORDER BY rank DESC, user_id_raiz LIMIT $4) crisis_page
    UNION ALL
    SELECT * FROM (
      SELECT u.*, u.asi AS rank, 0 AS crisis_texts FROM user_risk_results u
      WHERE risk_level = $1 AND ($2::float8 IS NULL OR (asi <= $2 AND (asi < $2 OR user_id_raiz > $3::uuid)))
        AND NOT EXISTS (SELECT 1 FROM crisis c WHERE c.user_id_raiz = u.user_id_raiz)
      ORDER BY asi DESC, user_id_raiz LIMIT $4) level_page
    ORDER BY rank DESC, user_id_raiz
    LIMIT $4
  ) r
  LEFT JOIN user_feature_vector v ON v.user_id_raiz = r.user_id_raiz
  ORDER BY r.rank DESC, r.user_id_raiz`;

export async function listRiskUsers(db: pg.Pool, opts: ListRiskUsersOptions): Promise<RiskUserPage> {
  // One extra row tells whether another page exists without a count.
  const { rows } = await db.query(PAGE_SQL, [opts.level, opts.after?.asi ?? null, opts.after?.userId ?? null, opts.limit + 1]);
  const page = rows.slice(0, opts.limit).map(
    (r): RiskUser => ({
      user_id: r.user_id,
      risk_level: r.risk_level,
      asi: r.asi,
      votes: r.votes,
      kmeans_cluster: r.kmeans_cluster,
      dbscan_label: r.dbscan_label,
      forest_score: r.forest_score,
      cluster_run_id: Number(r.cluster_run_id),
      updated_at: (r.updated_at as Date).toISOString(),
      kpis: Object.fromEntries(KPI_COLUMNS.map((k) => [k, r[k] ?? null])),
      reasons: r.crisis_texts > 0 ? [{ kpi: 'crisis_language', value: r.crisis_texts, fence: 0 }] : [],
    }),
  );
  const last = rows[Math.min(rows.length, opts.limit) - 1];
  return {
    risk_level: opts.level,
    limit: opts.limit,
    users: page,
    next_cursor: rows.length > opts.limit && last ? encodeCursor({ asi: last.rank, userId: last.user_id }) : null,
  };
}
