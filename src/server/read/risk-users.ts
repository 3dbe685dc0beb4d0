// Users of one risk level, highest ASI first, one keyset page at a time (index user_risk_results_level_asi).
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

/**
 * The index is (risk_level, asi DESC, user_id_raiz): `asi <= $2` bounds the index scan and the OR
 * skips the rows of the last page's ASI already served, so every page costs the same at any depth.
 */
const PAGE_SQL = `
  SELECT r.user_id_raiz::text AS user_id, r.risk_level, r.asi, r.votes, r.kmeans_cluster, r.dbscan_label, r.forest_score,
         r.cluster_run_id, r.updated_at,
         v.reciprocity_ratio_norm, v.days_since_last_seen_norm, v.ratio_night_messages, v.is_profile_incomplete,
         v.sentiment_negativity_index, v.num_community_categories_norm
  FROM (
    SELECT * FROM user_risk_results
    WHERE risk_level = $1 AND ($2::float8 IS NULL OR (asi <= $2 AND (asi < $2 OR user_id_raiz > $3::uuid)))
    ORDER BY asi DESC, user_id_raiz
    LIMIT $4
  ) r
  LEFT JOIN user_feature_vector v ON v.user_id_raiz = r.user_id_raiz
  ORDER BY r.asi DESC, r.user_id_raiz`;

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
    }),
  );
  const last = page[page.length - 1];
  return {
    risk_level: opts.level,
    limit: opts.limit,
    users: page,
    next_cursor: rows.length > opts.limit && last ? encodeCursor({ asi: last.asi, userId: last.user_id }) : null,
  };
}
