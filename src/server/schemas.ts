// JSON schemas of requests and responses: validation, fast serialisation and the OpenAPI document.
import { VOTE_RULES } from '../cluster/vote.js';
import { KPI_COLUMNS, RISK_LEVELS } from '../model/feature-vector.js';
import { normalisedKpis } from '../model/kpi-columns.js';
import { KPIS } from '../model/kpis.js';
import { INPUT_RANGES as R, rangeSchema, REFERENCE_TIME_RANGE } from '../input-ranges.js';
import { DEFAULT_TREND_HOURS } from './kpi-buckets.js';
import { DEFAULT_PAGE_SIZE } from './read/risk-users.js';
import { RISK_SORTS } from './cursor.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const dateTime = { type: 'string', format: 'date-time' } as const;
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required }) as const;
const numberMap = { type: 'object', additionalProperties: num } as const;

export const errorSchema = obj({ statusCode: int, error: str, message: str, detail: { type: 'string', description: 'the same text as message, where FastAPI clients read it' } });

/** Responses every protected route may give, for the OpenAPI document. */
export const authErrors = { 401: { description: 'missing or wrong bearer token', ...errorSchema } };

export const langQuery = obj({ lang: { type: 'string', enum: ['es', 'en'], default: 'es', description: 'label language' } }, []);

export const pageQuery = obj(
  {
    limit: rangeSchema(R.limit, { default: DEFAULT_PAGE_SIZE, description: 'users per page' }),
    cursor: { type: 'string', maxLength: 200, description: 'next_cursor of the previous page (of the same sort)' },
    sort: { type: 'string', enum: [...RISK_SORTS], default: 'severity', description: 'severity (0-100, how broadly and strongly at risk; default) or asi (the seed\'s Anomaly Severity Index), highest first; crisis writers first in the high list either way' },
  },
  [],
);

export const userIdParams = obj({ user_id: { type: 'string', format: 'uuid' } });

/** One KPI on the risk side: the shape other producers add entries in (e.g. crisis language). */
const riskReason = obj({
  kpi: { type: 'string', description: `KPI name: real units for ${normalisedKpis().map((k) => k.name).join(', ')}; the vector's own (0-1) units for the others` },
  value: num,
  fence: { type: 'number', description: `the risk fence; beyond it is risk (below it for ${KPIS.filter((k) => k.riskDirection === -1).map((k) => k.name).join(', ')})` },
});

export const riskLevelParams = obj({ risk_level: { type: 'string', enum: [...RISK_LEVELS] } });

const riskUser = obj({
  user_id: { type: 'string', format: 'uuid' },
  risk_level: str,
  severity: { type: 'number', minimum: 0, maximum: 100, description: 'how broadly and strongly the user is at risk, 0-100 (the default order)' },
  asi: { type: 'number', description: 'the seed\'s Anomaly Severity Index, 0-100: how unusual the user is to the detectors (sort=asi)' },
  reasons: { type: 'array', items: riskReason, description: 'KPIs beyond their risk fences, strongest first; a user who wrote crisis language in the last 30 days has {kpi: crisis_language, value: texts, fence: 0} first and is listed first in the high list' },
  votes: int,
  kmeans_cluster: int,
  dbscan_label: int,
  forest_score: num,
  cluster_run_id: int,
  updated_at: dateTime,
  kpis: { type: 'object', additionalProperties: { type: ['number', 'boolean', 'null'] } },
});

export const riskUserPage = obj({ risk_level: str, sort: { type: 'string', enum: [...RISK_SORTS] }, limit: int, users: { type: 'array', items: riskUser }, next_cursor: nullable('string') });

export const riskUserDetail = obj({
  user_id: { type: 'string', format: 'uuid' },
  risk_level: str,
  severity: num,
  asi: num,
  votes: int,
  cluster_run_id: int,
  updated_at: dateTime,
  reasons: { type: 'array', items: riskReason },
  kpis: { type: 'array', items: obj({ kpi: str, value: nullable('number'), fence: num, risk_side: { type: 'string', enum: ['above', 'below'] }, beyond: { type: 'boolean' } }) },
  history: { type: 'array', items: obj({ run_id: int, extraction_date: dateTime, values: numberMap }) },
});

export const etlResponse = obj({
  status: str,
  message: str,
  records_processed: int,
  extraction_date: dateTime,
  next_step: str,
  run_id: int,
  seconds: numberMap,
});

export const etlBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { reference_time: { ...dateTime, description: `the run reference time (KPI 2, extraction_date): ${REFERENCE_TIME_RANGE}; default now` } },
} as const;

export const clusterBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    seed: rangeSchema(R.seed, { description: 'random seed (32-bit unsigned); same seed and vectors, same labels' }),
    k: rangeSchema(R.k, { description: 'K-Means clusters' }),
    eps: rangeSchema(R.eps, { description: 'DBSCAN radius; default chosen from the k-distance curve' }),
    min_pts: rangeSchema(R.minPts, { description: 'DBSCAN minPts; default 2 x dimensions' }),
    contamination: rangeSchema(R.contamination, { description: 'Isolation Forest share of voting points' }),
    vote_rule: { type: 'string', enum: [...VOTE_RULES] },
    min_signals: rangeSchema(R.minSignals, { description: 'risk signals a majority verdict needs to be high under the broad rule' }),
  },
} as const;

const levelSummary = obj({ level: str, users: int, share: num, mean_asi: num, mean_severity: num });

export const clusterResponse = obj({
  status: str,
  message: str,
  cluster_run_id: int,
  users: int,
  levels: { type: 'array', items: levelSummary },
  silhouette: nullable('number'),
  seconds: numberMap,
  next_step: str,
});

export const acceptedResponse = obj({ status: str, message: str, job_id: { type: 'string', format: 'uuid' }, check_status_at: str });

export const jobResponse = obj({
  job_id: { type: 'string', format: 'uuid' },
  kind: str,
  status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'abandoned'], description: 'abandoned: the serve process running it stopped' },
  submitted_at: dateTime,
  started_at: nullable('string'),
  finished_at: nullable('string'),
  run_id: nullable('integer'),
  parameters: { type: 'object', additionalProperties: true },
  result: { description: 'the execute-etl response once succeeded', type: ['object', 'null'], additionalProperties: true },
  error: nullable('string'),
});

const pipelineRunning = { type: ['object', 'null'], properties: { kind: str, since: dateTime } } as const;

/** Runs whose process died while they ran, marked `abandoned` by the next run that took the lock. */
const abandonedRuns = obj({
  etl_runs: int,
  cluster_runs: int,
  last: { type: ['object', 'null'], properties: { table: { type: 'string', enum: ['etl_runs', 'cluster_runs'] }, run_id: int, started_at: dateTime, marked_at: nullable('string') } },
});

export const v1StatusResponse = obj({ status: str, service: str, ready_for_etl: { type: 'boolean' }, pipeline_running: pipelineRunning, abandoned_runs: abandonedRuns });

export const countResponse = obj({ count: int, labelled: int, last_extraction_date: nullable('string') });

const etlRun = {
  type: ['object', 'null'],
  properties: { run_id: int, kind: str, status: str, started_at: dateTime, finished_at: nullable('string'), reference_time: dateTime, duration_seconds: nullable('number'), users: nullable('integer') },
} as const;

const clusterRun = {
  type: ['object', 'null'],
  properties: {
    cluster_run_id: int,
    status: str,
    started_at: dateTime,
    finished_at: nullable('string'),
    duration_seconds: nullable('number'),
    users: nullable('integer'),
    level_counts: numberMap,
    mean_asi: numberMap,
    mean_severity: numberMap,
    silhouette: nullable('number'),
    parameters: { type: 'object', additionalProperties: true },
  },
} as const;

export const clusteringResultsResponse = obj({ cluster_run: clusterRun, users_by_level: numberMap });

/** Chart.js `{labels, datasets}`; datasets carry Chart.js styling fields as they are. */
export const chartJsResponse = {
  type: 'object',
  properties: {
    labels: { type: 'array', items: str },
    datasets: { type: 'array', items: { type: 'object', properties: { label: str, data: { type: 'array' } }, additionalProperties: true } },
  },
  required: ['labels', 'datasets'],
} as const;

export const kpiTrendsQuery = obj(
  { hours: rangeSchema(R.hours, { default: DEFAULT_TREND_HOURS, description: 'window in hours' }), lang: langQuery.properties.lang },
  [],
);

export const kpiTrendsResponse = {
  ...chartJsResponse,
  properties: { ...chartJsResponse.properties, hours: int, bucket_hours: int, runs: { type: 'array', items: int }, users: { type: 'array', items: int }, watch_users: { type: 'array', items: int } },
} as const;

const listener = obj({
  channel: str,
  state: str,
  since: dateTime,
  notifications: int,
  reconnects: int,
  last_notification_at: nullable('string'),
  last_error: nullable('string'),
});

const watchRow = obj({ instance: str, state: str, last_batch_at: nullable('string'), lag_seconds: nullable('number'), updated_at: nullable('string') });

export const v2StatusResponse = obj({
  status: str,
  last_etl_run: etlRun,
  last_cluster_run: clusterRun,
  websocket_clients: obj({ live: int, alerts: int }),
  listener,
  watch: { type: ['array', 'null'], items: watchRow },
  last_watch_batch: {
    type: ['object', 'null'],
    properties: { batch_id: int, instance: str, started_at: dateTime, finished_at: dateTime, duration_seconds: num, users: int, changes: int, alerts: int },
  },
  pipeline_running: pipelineRunning,
  abandoned_runs: abandonedRuns,
});
