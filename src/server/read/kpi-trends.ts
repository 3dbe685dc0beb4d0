// KPI trends from user_feature_history: per-run means computed once per run and kept in memory, plus watch batches.
import type pg from 'pg';
import type { ChartLang } from '../../cluster/chart-data.js';
import { KPI_COLUMNS } from '../../model/feature-vector.js';
import { numericSql } from '../../model/kpi-columns.js';
import { bucketKpiTrends, type KpiTrends, type RunKpiMeans, type WatchBatchUsers } from '../kpi-buckets.js';

/** Runs kept in memory; a month of hourly runs fits. */
const MAX_CACHED_RUNS = 2000;

const MEANS_SQL = `SELECT count(*)::int AS users, min(extraction_date) AS extraction_date, ${KPI_COLUMNS.map(
  (k) => `avg(${numericSql(k)})::float8 AS ${k}`,
).join(', ')} FROM user_feature_history WHERE run_id = $1`;

/**
 * A run's history rows never change once it succeeded (the table is append-only), so its means are
 * computed once: at a million users that is one scan of about a second, then every request is a
 * lookup in etl_runs plus arithmetic over a few dozen numbers.
 */
export class KpiTrendReader {
  private readonly means = new Map<number, Promise<RunKpiMeans>>();

  constructor(private readonly db: pg.Pool) {}

  async read(hours: number, lang: ChartLang, now = new Date()): Promise<KpiTrends> {
    // One bucket of margin before the window: buckets are aligned, so the first starts before now - hours.
    const window = [now, hours + 24];
    const [runs, batches] = await Promise.all([
      this.db
        .query<{ run_id: string }>(
          `SELECT run_id FROM etl_runs WHERE status = 'succeeded' AND reference_time > $1::timestamptz - make_interval(hours => $2) AND reference_time <= $1 ORDER BY run_id`,
          window,
        )
        .then(({ rows }) => Promise.all(rows.map((r) => this.meansOf(Number(r.run_id))))),
      this.readWatchBatches(window),
    ]);
    return bucketKpiTrends(runs, hours, now, lang, batches);
  }

  /** `watch` batches (migration 004's watch_batches), when that table exists. */
  private async readWatchBatches(window: unknown[]): Promise<WatchBatchUsers[]> {
    const exists = await this.db.query<{ t: string | null }>(`SELECT to_regclass('watch_batches')::text AS t`);
    if (!exists.rows[0].t) return [];
    const { rows } = await this.db.query<{ finished_at: Date; users: number }>(
      `SELECT finished_at, users FROM watch_batches WHERE finished_at > $1::timestamptz - make_interval(hours => $2) AND finished_at <= $1`,
      window,
    );
    return rows.map((r) => ({ finishedAt: r.finished_at, users: r.users }));
  }

  /** Warms the cache with the latest runs (after start-up or an ETL run), so no request pays for it. */
  async warm(lastRuns = 3): Promise<void> {
    const { rows } = await this.db.query<{ run_id: string }>(`SELECT run_id FROM etl_runs WHERE status = 'succeeded' ORDER BY run_id DESC LIMIT $1`, [lastRuns]);
    await Promise.all(rows.map((r) => this.meansOf(Number(r.run_id))));
  }

  private meansOf(runId: number): Promise<RunKpiMeans> {
    let p = this.means.get(runId);
    if (!p) {
      p = this.compute(runId);
      p.catch(() => this.means.delete(runId));
      this.means.set(runId, p);
      if (this.means.size > MAX_CACHED_RUNS) this.means.delete(this.means.keys().next().value as number);
    }
    return p;
  }

  private async compute(runId: number): Promise<RunKpiMeans> {
    const { rows } = await this.db.query(MEANS_SQL, [runId]);
    const r = rows[0];
    return {
      runId,
      users: r.users,
      extractionDate: r.extraction_date ?? new Date(0),
      means: Object.fromEntries(KPI_COLUMNS.map((k) => [k, r[k] ?? 0])),
    };
  }
}
