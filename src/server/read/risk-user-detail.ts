// One user's verdict for the per-user view: severity, ASI, reasons, every KPI against its fence and the KPIs of past runs.
import type pg from 'pg';
import type { RiskReason, RunFence } from '../../cluster/risk-reasons.js';
import { selectAsNumbers } from '../../model/kpi-columns.js';
import { KPIS } from '../../model/kpis.js';
import type { RiskLevel } from '../../model/feature-vector.js';

/** How many past runs the trend shows. */
export const HISTORY_RUNS = 30;

export interface KpiAgainstFence extends RunFence {
  /** The current vector's value in the fence's units (null when the vector is gone). */
  value: number | null;
  beyond: boolean;
}

export interface RiskUserDetail {
  user_id: string;
  risk_level: RiskLevel;
  severity: number;
  asi: number;
  votes: number;
  cluster_run_id: number;
  updated_at: string;
  reasons: RiskReason[];
  kpis: KpiAgainstFence[];
  /** Oldest first: the KPIs (in the fences' units) of the user's rows in the last HISTORY_RUNS etl runs. */
  history: { run_id: number; extraction_date: string; values: Record<string, number> }[];
}

/** The column holding a fence's KPI in its units: the raw column for a real-unit name, else the vector's column. */
function columnOf(kpi: string): string | undefined {
  const spec = KPIS.find((k) => k.name === kpi || k.column === kpi);
  return spec && (spec.name === kpi ? spec.raw : spec.column);
}

const VALUE_COLUMNS = [...new Set(KPIS.flatMap((k) => [k.raw, k.column]))];
const select = (alias: string) => selectAsNumbers(VALUE_COLUMNS, alias);

export async function readRiskUserDetail(db: pg.Pool, userId: string): Promise<RiskUserDetail | undefined> {
  const { rows } = await db.query(
    `SELECT r.user_id_raiz::text AS user_id, r.risk_level, r.severity, r.asi, r.votes, r.cluster_run_id, r.updated_at, r.reasons, c.risk_fences, ${select('v')}, v.user_id_raiz IS NOT NULL AS has_vector
     FROM user_risk_results r LEFT JOIN cluster_runs c USING (cluster_run_id) LEFT JOIN user_feature_vector v USING (user_id_raiz)
     WHERE r.user_id_raiz = $1`,
    [userId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const fences: RunFence[] = r.risk_fences ?? [];
  // Probes the history's primary key (run_id, user_id_raiz) once per recent run instead of scanning it.
  const history = await db.query(
    `SELECT h.run_id, h.extraction_date, ${select('h')} FROM user_feature_history h
     WHERE h.user_id_raiz = $1 AND h.run_id = ANY (ARRAY(SELECT run_id FROM etl_runs WHERE status = 'succeeded' ORDER BY run_id DESC LIMIT ${HISTORY_RUNS}))
     ORDER BY h.extraction_date`,
    [userId],
  );
  const valuesOf = (row: Record<string, unknown>) => Object.fromEntries(fences.map((f) => [f.kpi, Number(row[columnOf(f.kpi)!])]));
  return {
    user_id: r.user_id,
    risk_level: r.risk_level,
    severity: r.severity,
    asi: r.asi,
    votes: r.votes,
    cluster_run_id: Number(r.cluster_run_id),
    updated_at: (r.updated_at as Date).toISOString(),
    reasons: r.reasons,
    kpis: fences.map((f) => {
      const value = r.has_vector ? Number(r[columnOf(f.kpi)!]) : null;
      return { ...f, value, beyond: value !== null && (f.risk_side === 'above' ? value > f.fence : value < f.fence) };
    }),
    history: history.rows.map((h) => ({ run_id: Number(h.run_id), extraction_date: (h.extraction_date as Date).toISOString(), values: valuesOf(h) })),
  };
}
