// Pure bucketing of per-run KPI means into a Chart.js line chart over the last N hours.
import { KPI_COLUMNS } from '../model/feature-vector.js';
import type { ChartLang } from '../cluster/chart-data.js';
import { nameKpi, selectChartLabels } from '../charts/chart-labels.js';
import { styleSeries } from '../charts/chart-style.js';

export const DEFAULT_TREND_HOURS = 24;

/** Mean of each normalised KPI over the users of one ETL run. */
export interface RunKpiMeans {
  runId: number;
  extractionDate: Date;
  users: number;
  means: Record<string, number>;
}

/** Users re-scored by one `watch` batch (its history rows hold only the changed users). */
export interface WatchBatchUsers {
  finishedAt: Date;
  users: number;
}

export interface KpiTrends {
  hours: number;
  bucket_hours: number;
  /** Bucket starts, ISO 8601 UTC. */
  labels: string[];
  datasets: { label: string; kpi: string; data: (number | null)[]; borderColor: string; backgroundColor: string; spanGaps: boolean }[];
  /** ETL runs and user vectors behind each bucket's means. */
  runs: number[];
  users: number[];
  /** Users `watch` re-scored in each bucket (not in the means: a batch holds only the users who changed). */
  watch_users: number[];
}

/** 1-hour buckets up to 2 days, 6-hour buckets up to 10 days, daily beyond: at most 40 points. */
export function chooseBucketHours(hours: number): number {
  if (hours <= 48) return 1;
  if (hours <= 240) return 6;
  return 24;
}

/**
 * Buckets end at the next bucket boundary after `now` (UTC), so a run at 10:20 shows in 10:00-11:00.
 * A bucket's value is the user-weighted mean over the runs in it; an empty bucket is null (a gap).
 */
export function bucketKpiTrends(runs: readonly RunKpiMeans[], hours: number, now: Date, lang: ChartLang = 'es', batches: readonly WatchBatchUsers[] = []): KpiTrends {
  const bucketHours = chooseBucketHours(hours);
  const size = bucketHours * 3_600_000;
  const count = Math.ceil(hours / bucketHours);
  const end = Math.ceil(now.getTime() / size) * size;
  const start = end - count * size;
  const users = new Array<number>(count).fill(0);
  const runCounts = new Array<number>(count).fill(0);
  const sums = KPI_COLUMNS.map(() => new Array<number>(count).fill(0));
  for (const r of runs) {
    const i = Math.floor((r.extractionDate.getTime() - start) / size);
    if (i < 0 || i >= count || r.users === 0) continue;
    users[i] += r.users;
    runCounts[i] += 1;
    KPI_COLUMNS.forEach((k, j) => (sums[j][i] += (r.means[k] ?? 0) * r.users));
  }
  const watchUsers = new Array<number>(count).fill(0);
  for (const b of batches) {
    const i = Math.floor((b.finishedAt.getTime() - start) / size);
    if (i >= 0 && i < count) watchUsers[i] += b.users;
  }
  const labels = selectChartLabels(lang);
  return {
    hours,
    bucket_hours: bucketHours,
    labels: Array.from({ length: count }, (_, i) => new Date(start + i * size).toISOString()),
    datasets: KPI_COLUMNS.map((k, j) => {
      const style = styleSeries(j, KPI_COLUMNS.length);
      return {
        label: nameKpi(labels, k),
        kpi: k,
        data: sums[j].map((s, i) => (users[i] ? round(s / users[i]) : null)),
        borderColor: style.stroke,
        backgroundColor: style.stroke,
        spanGaps: true,
      };
    }),
    runs: runCounts,
    users,
    watch_users: watchUsers,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
