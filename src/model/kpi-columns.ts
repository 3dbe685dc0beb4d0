// Column lists derived from a KPI registry (kpis.ts): what transform writes, what the vector and history tables
// hold, what watch compares. Every SQL statement that names KPI columns builds its list here.
import { isFromScores, KPIS, type KpiDef, type KpiRegistry, type KpiSqlType } from './kpis.js';

export interface SqlColumn {
  name: string;
  sql: KpiSqlType | 'uuid';
}

const memo = new WeakMap<KpiRegistry, Map<string, unknown>>();

/** Derived lists are computed once per registry. */
function derived<T>(kpis: KpiRegistry, key: string, make: () => T): T {
  let m = memo.get(kpis);
  if (!m) memo.set(kpis, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key) as T;
}

/** The ensemble's columns, in vector order. */
export function kpiColumns(kpis: KpiRegistry = KPIS): readonly string[] {
  return derived(kpis, 'columns', () => kpis.map((k) => k.column));
}

/** Each KPI's risk direction, in vector order. */
export function riskDirections(kpis: KpiRegistry = KPIS): readonly (1 | -1)[] {
  return derived(kpis, 'directions', () => kpis.map((k) => k.riskDirection));
}

/** The KPIs min-max normalised per run, in vector order. */
export function normalisedKpis(kpis: KpiRegistry = KPIS): readonly KpiDef[] {
  return derived(kpis, 'normalised', () => kpis.filter((k) => k.normalised));
}

/** The KPI of a vector column or real-unit name. */
export function findKpi(name: string, kpis: KpiRegistry = KPIS): KpiDef | undefined {
  return kpis.find((k) => k.column === name || k.name === name);
}

/**
 * Columns `transform` produces and `load` stages, in order: the user, the KPI columns it computes, then per KPI
 * its stored inputs and its raw column (when apart). The one-hot columns of the configured tags follow.
 * The negativity index (and texts_scored) come from the stored text scores at load time.
 */
export function transformColumns(kpis: KpiRegistry = KPIS): readonly SqlColumn[] {
  return derived(kpis, 'transform', () => {
    const computed = kpis.filter((k) => !isFromScores(k));
    return [
      { name: 'user_id_raiz', sql: 'uuid' as const },
      ...computed.map((k) => ({ name: k.column, sql: k.sql })),
      ...computed.flatMap((k) => [...(k.stored ?? []), ...(k.raw !== k.column ? [{ name: k.raw, sql: k.rawSql ?? 'double precision' }] : [])]),
    ];
  });
}

/**
 * Columns of user_feature_history a run or batch appends (besides run_id, user_id_raiz, extraction_date,
 * crisis_texts_30d and one_hot): every KPI column, then the raw columns of the normalised KPIs.
 */
export function historyKpiColumns(kpis: KpiRegistry = KPIS): readonly string[] {
  return derived(kpis, 'history', () => [...kpis.map((k) => k.column), ...normalisedKpis(kpis).map((k) => k.raw)]);
}

/**
 * Stored columns watch's catch-up compares with a fresh read of the sources, in real units: each KPI's stored
 * inputs and raw value, except what moves with the clock or is scaled by the run (its inputs still count).
 */
export function comparedColumns(kpis: KpiRegistry = KPIS): readonly SqlColumn[] {
  return derived(kpis, 'compared', () =>
    kpis
      .filter((k) => !isFromScores(k))
      .flatMap((k) => [...(k.stored ?? []), ...(k.clock ? [] : [{ name: k.raw, sql: k.raw === k.column ? k.sql : (k.rawSql ?? 'double precision') }])]),
  );
}

/** Raw (real-unit) columns of the normalised KPIs: what reasons and fences show in real units. */
export function rawReasonColumns(kpis: KpiRegistry = KPIS): readonly string[] {
  return derived(kpis, 'rawReasons', () => normalisedKpis(kpis).map((k) => k.raw));
}

/** Display names of the KPI columns in one language. */
export function kpiLabels(lang: 'es' | 'en', kpis: KpiRegistry = KPIS): Readonly<Record<string, string>> {
  return derived(kpis, `labels:${lang}`, () => Object.fromEntries(kpis.map((k) => [k.column, k.labels[lang]])));
}

/** The vector column of the KPI aggregated from the stored text scores at load (the negativity index). */
export function scoresColumn(kpis: KpiRegistry = KPIS): string {
  return derived(kpis, 'scores', () => {
    const k = kpis.filter(isFromScores);
    if (k.length !== 1) throw new Error(`a KPI registry needs exactly one KPI without a formula (the text scores' mean), found ${k.length}`);
    return k[0].column;
  });
}

/** A stored KPI column as a number in SQL (a boolean KPI cast to 0/1). */
export function numericSql(column: string, alias = '', kpis: KpiRegistry = KPIS): string {
  const ref = alias ? `${alias}.${column}` : column;
  return kpis.some((k) => k.sql === 'boolean' && k.column === column) ? `${ref}::int` : ref;
}

/** A select list of stored KPI columns as numbers (boolean KPIs cast to 0/1), each under its own name. */
export function selectAsNumbers(columns: readonly string[], alias = '', kpis: KpiRegistry = KPIS): string {
  return columns
    .map((c) => {
      const expr = numericSql(c, alias, kpis);
      return expr.endsWith('::int') ? `${expr} AS ${c}` : expr;
    })
    .join(', ');
}
