// Users of one risk level, highest severity (or ?sort=asi, ASI) first, one keyset page at a time (risk-order.ts);
// the high list starts with every user who wrote crisis language in the last 30 days, whatever the ensemble voted.
import type pg from 'pg';
import { KPI_COLUMNS, type RiskLevel } from '../../model/feature-vector.js';
import type { RiskReason } from '../../cluster/risk-reasons.js';
import { decodeCursor, encodeCursor, type RiskCursor, type RiskSort } from '../cursor.js';
import { afterCursor, keysOf, orderBy, RISK_ORDER } from './risk-order.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface RiskUser {
  user_id: string;
  risk_level: RiskLevel;
  /** 0-100: how broadly and strongly at risk (the default order). */
  severity: number;
  /** The seed's Anomaly Severity Index, 0-100 (?sort=asi). */
  asi: number;
  /**
   * KPIs beyond their risk fences, strongest first: {kpi, value, fence}; a crisis writer's list starts with
   * {kpi: "crisis_language", value: crisis texts in 30 days, fence: 0}.
   */
  reasons: RiskReason[];
  votes: number;
  kmeans_cluster: number;
  dbscan_label: number;
  forest_score: number;
  cluster_run_id: number;
  updated_at: string;
  /** The KPIs of the current feature vector, by column (null when the vector is gone). */
  kpis: Record<string, number | boolean | null>;
}

export interface RiskUserPage {
  risk_level: RiskLevel;
  sort: RiskSort;
  limit: number;
  users: RiskUser[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface ListRiskUsersOptions {
  level: RiskLevel;
  limit: number;
  sort: RiskSort;
  after?: RiskCursor;
}

/**
 * Two parts, each walking its index (risk_level, key DESC, user_id_raiz) from the cursor on, so every page
 * costs the same at any depth: crisis writers (partial index user_feature_vector_crisis, migration 011;
 * high list only) with crisis = 1, then the level's other users with crisis = 0. The order's first key is
 * `crisis` (risk-order.ts), so crisis writers come first and the cursor crosses from one part to the other.
 * The outer query joins the page's vectors and keeps the order.
 */
function pageSql(sort: RiskSort, after: boolean): string {
  const part = (from: string) => `SELECT * FROM (${from}) r ${after ? `WHERE ${afterCursor(sort, 3)}` : ''} ORDER BY ${orderBy(sort)} LIMIT $2`;
  return `
  WITH crisis AS (SELECT user_id_raiz, crisis_texts_30d FROM user_feature_vector WHERE crisis_texts_30d > 0 AND $1::text = 'high')
  SELECT r.user_id_raiz::text AS user_id, r.risk_level, r.severity, r.asi, r.reasons, r.votes, r.kmeans_cluster, r.dbscan_label, r.forest_score,
         r.cluster_run_id, r.updated_at, r.crisis, r.crisis_texts,
         ${KPI_COLUMNS.map((c) => `v.${c}`).join(', ')}
  FROM (
    SELECT * FROM (
      (${part('SELECT u.*, 1 AS crisis, c.crisis_texts_30d AS crisis_texts FROM crisis c JOIN user_risk_results u USING (user_id_raiz)')})
      UNION ALL
      (${part('SELECT u.*, 0 AS crisis, 0 AS crisis_texts FROM user_risk_results u WHERE u.risk_level = $1::text AND NOT EXISTS (SELECT 1 FROM crisis c WHERE c.user_id_raiz = u.user_id_raiz)')})
    ) r
    ORDER BY ${orderBy(sort)}
    LIMIT $2
  ) r
  LEFT JOIN user_feature_vector v ON v.user_id_raiz = r.user_id_raiz
  ORDER BY ${orderBy(sort)}`;
}

export async function listRiskUsers(db: pg.Pool, opts: ListRiskUsersOptions): Promise<RiskUserPage> {
  // One extra row tells whether another page exists without a count.
  const after = opts.after ? [...opts.after.keys, opts.after.userId] : [];
  const { rows } = await db.query(pageSql(opts.sort, after.length > 0), [opts.level, opts.limit + 1, ...after]);
  const page = rows.slice(0, opts.limit).map(
    (r): RiskUser => ({
      user_id: r.user_id,
      risk_level: r.risk_level,
      severity: r.severity,
      asi: r.asi,
      reasons: r.crisis_texts > 0 ? [{ kpi: 'crisis_language', value: r.crisis_texts, fence: 0 }, ...(r.reasons ?? [])] : r.reasons,
      votes: r.votes,
      kmeans_cluster: r.kmeans_cluster,
      dbscan_label: r.dbscan_label,
      forest_score: r.forest_score,
      cluster_run_id: Number(r.cluster_run_id),
      updated_at: (r.updated_at as Date).toISOString(),
      kpis: Object.fromEntries(KPI_COLUMNS.map((k) => [k, r[k] ?? null])),
    }),
  );
  // The raw row: its keys include `crisis`, which the answer does not show as a field.
  const last = rows[page.length - 1] as Record<string, unknown> | undefined;
  return {
    risk_level: opts.level,
    sort: opts.sort,
    limit: opts.limit,
    users: page,
    next_cursor: rows.length > opts.limit && last ? encodeCursor({ keys: keysOf(opts.sort, last), userId: String(last.user_id), sort: opts.sort }) : null,
  };
}

/** The query string of a per-user list (schemas.ts pageQuery). */
export interface RiskPageQuery {
  limit: number;
  cursor?: string;
  sort: RiskSort;
}

/** One page of a level's users for a list route: the cursor is read against the requested order. */
export function readRiskPage(db: pg.Pool, level: RiskLevel, q: RiskPageQuery): Promise<RiskUserPage> {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort, RISK_ORDER[q.sort].length);
  return listRiskUsers(db, { level, limit: q.limit, sort: q.sort, after });
}
