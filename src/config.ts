// Resolves the one frozen configuration: defaults < .env < environment < --config file < flags (SPEC §1).
import type { KpiRegistry } from './model/kpis.js';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { loadConfigFile } from './config-file.js';
import { ConfigError } from './errors.js';
import { INPUT_RANGES as R, parseInRange, quoteValue, type NumericRange } from './input-ranges.js';

export const DEFAULT_TIMEZONE = 'America/Lima';
export const DEFAULT_INTEREST_TAGS = ['gaming'];
export const DEFAULT_COMMUNITY_CATEGORIES = ['voluntariado'];
export const DEFAULT_SERVICE_PORT = 8001;
/** `serve`: chart aggregates and status are readable without a token unless AURA_PUBLIC_AGGREGATES=false. */
export const DEFAULT_PUBLIC_AGGREGATES = true;
export const DEFAULT_NLP_BACKEND = 'lexicon';
export const DEFAULT_NLP_MODEL_NAME = 'UMUTeam/roberta-spanish-sentiment-analysis';
export const DEFAULT_NLP_BATCH_SIZE = 32;
/** Winsorising quantile applied before min-max normalisation (SPEC §3). */
export const DEFAULT_WINSOR_QUANTILE = 0.99;
export const DEFAULT_EMBEDDED_DIR = join(homedir(), '.cache', 'aura-miner', 'pg');

export type NlpBackend = 'lexicon' | 'transformer';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** auto: human lines on a terminal, pino JSON lines otherwise (pipes, files, CI, cron, Kubernetes). */
export type LogFormat = 'auto' | 'pretty' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];

export interface DatabaseUrls {
  analytics: string;
  auth: string;
  social: string;
  messaging: string;
}

export interface Config {
  /** undefined = no database configured at all: run on the embedded PostgreSQL of `demo`. */
  databases: DatabaseUrls | undefined;
  embeddedDir: string;
  timezone: string;
  interestTags: readonly string[];
  communityCategories: readonly string[];
  winsorQuantile: number;
  nlp: { backend: NlpBackend; modelName: string; modelPath: string | undefined; batchSize: number; threads: number | undefined; cacheDir: string | undefined };
  servicePort: number;
  /** `serve` bearer tokens (AURA_API_TOKENS, comma-separated); empty = every protected endpoint answers 401. */
  apiTokens: readonly string[];
  /** `serve` CORS allow-list of exact origins (AURA_CORS_ORIGINS); empty = no cross-origin access. */
  corsOrigins: readonly string[];
  /** `serve`: status and chart aggregates need no token (AURA_PUBLIC_AGGREGATES). */
  publicAggregates: boolean;
  logLevel: LogLevel;
  /** AURA_LOG_FORMAT or --log-format. */
  logFormat: LogFormat;
  /** NO_COLOR (no-color.org): human lines without colours. */
  noColor: boolean;
  /** Share of the texts a `score` run scores (texts whose id mod count = index). */
  shard: { index: number; count: number };
  /**
   * etl and watch send a CRITICAL_ALERT for crisis language (AURA_CRISIS_ALERTS, `--no-crisis-alerts`);
   * the per-text flags and per-user counts are stored either way.
   */
  crisisAlerts: boolean;
  /** `export`, and `etl`/`cluster` as their last step when a target is set (src/export/). */
  export: ExportConfig;
  /** The KPIs etl, watch and cluster compute and judge (src/model/kpis.ts); unset = KPIS. Tests pass a fixture registry. */
  kpis?: KpiRegistry;
  /**
   * A folder of source queries read in place of sql/extract/'s files of the same name (the per-user datasets:
   * population, social-profiles, messaging-users); unset = sql/extract. Library callers with their own registry
   * (and the toy-KPI test) point it at copies that return their KPIs' input columns.
   */
  extractSqlDir?: string;
}

export interface ExportConfig {
  /** AURA_EXPORT_TARGET: a folder or s3://bucket/prefix; unset = etl and cluster export nothing. */
  target: string | undefined;
  /** AURA_EXPORT_PSEUDONYMISE: user ids replaced by HMAC-SHA256 under AURA_EXPORT_PSEUDONYM_KEY. */
  pseudonymise: boolean;
  pseudonymKey: string | undefined;
  /** The usual AWS names; credentials left unset fall back to the SDK's chain (profile, web identity, role). */
  s3: { region?: string; endpoint?: string; forcePathStyle?: boolean; accessKeyId?: string; secretAccessKey?: string; sessionToken?: string };
}

/** Variable names read from .env, the environment and --config files. */
export const CONFIG_KEYS = [
  'DATABASE_URL_ANALYTICS', 'DATABASE_URL_AUTH', 'DATABASE_URL_SOCIAL', 'DATABASE_URL_MESSAGING',
  'AURA_EMBEDDED_DIR', 'AURA_TIMEZONE', 'AURA_INTEREST_TAGS', 'AURA_COMMUNITY_CATEGORIES', 'AURA_WINSOR_QUANTILE',
  'NLP_BACKEND', 'NLP_MODEL_NAME', 'NLP_MODEL_PATH', 'NLP_BATCH_SIZE', 'NLP_THREADS', 'NLP_CACHE_DIR',
  'SERVICE_PORT', 'AURA_API_TOKENS', 'AURA_CORS_ORIGINS', 'AURA_PUBLIC_AGGREGATES', 'LOG_LEVEL', 'AURA_LOG_FORMAT', 'NO_COLOR',
  'AURA_SHARD', 'JOB_COMPLETION_INDEX', 'AURA_SHARD_COUNT', 'AURA_CRISIS_ALERTS',
  'AURA_EXPORT_TARGET', 'AURA_EXPORT_PSEUDONYMISE', 'AURA_EXPORT_PSEUDONYM_KEY',
  'AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_S3_FORCE_PATH_STYLE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
] as const;
type Vars = Partial<Record<(typeof CONFIG_KEYS)[number], string>>;

export interface ResolveConfigOptions {
  /** Defaults to process.env: the only place the environment is read. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** --config FILE: JSON object or KEY=VALUE lines with the names of CONFIG_KEYS. */
  configFile?: string;
  /** Flags already parsed by the CLI, highest priority. */
  flags?: Vars;
}

export function resolveConfig(opts: ResolveConfigOptions = {}): Readonly<Config> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const dotenvPath = join(cwd, '.env');
  const layers: Vars[] = [
    existsSync(dotenvPath) ? pick(parseDotenv(readFileSync(dotenvPath))) : {},
    pick(env),
    opts.configFile ? pick(loadConfigFile(resolve(cwd, opts.configFile))) : {},
    pick(opts.flags ?? {}),
  ];
  const v: Vars = Object.assign({}, ...layers);
  return Object.freeze(buildConfig(v));
}

function buildConfig(v: Vars): Config {
  const nlpBackend = (v.NLP_BACKEND ?? DEFAULT_NLP_BACKEND) as NlpBackend;
  if (nlpBackend !== 'lexicon' && nlpBackend !== 'transformer') {
    throw new ConfigError(`NLP_BACKEND must be "lexicon" or "transformer", got ${quoteValue(v.NLP_BACKEND)}`);
  }
  const logLevel = (v.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`log level must be one of ${LOG_LEVELS.join(', ')}, got ${quoteValue(v.LOG_LEVEL)}`);
  const logFormat = (v.AURA_LOG_FORMAT ?? 'auto') as LogFormat;
  if (!LOG_FORMATS.includes(logFormat)) throw new ConfigError(`log format must be one of ${LOG_FORMATS.join(', ')}, got ${quoteValue(v.AURA_LOG_FORMAT)}`);
  const timezone = v.AURA_TIMEZONE ?? DEFAULT_TIMEZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ConfigError(`AURA_TIMEZONE ${quoteValue(timezone)} is not an IANA time zone (e.g. America/Lima)`);
  }
  return {
    databases: buildDatabaseUrls(v),
    embeddedDir: v.AURA_EMBEDDED_DIR ?? DEFAULT_EMBEDDED_DIR,
    timezone,
    interestTags: list(v.AURA_INTEREST_TAGS, DEFAULT_INTEREST_TAGS),
    communityCategories: list(v.AURA_COMMUNITY_CATEGORIES, DEFAULT_COMMUNITY_CATEGORIES),
    winsorQuantile: ranged('AURA_WINSOR_QUANTILE', R.winsorQuantile, v.AURA_WINSOR_QUANTILE, DEFAULT_WINSOR_QUANTILE),
    nlp: {
      backend: nlpBackend,
      modelName: v.NLP_MODEL_NAME ?? DEFAULT_NLP_MODEL_NAME,
      modelPath: v.NLP_MODEL_PATH || undefined,
      batchSize: ranged('NLP_BATCH_SIZE', R.nlpBatchSize, v.NLP_BATCH_SIZE, DEFAULT_NLP_BATCH_SIZE),
      threads: v.NLP_THREADS ? ranged('NLP_THREADS', R.nlpThreads, v.NLP_THREADS, 1) : undefined,
      cacheDir: v.NLP_CACHE_DIR || undefined,
    },
    servicePort: ranged('SERVICE_PORT', R.servicePort, v.SERVICE_PORT, DEFAULT_SERVICE_PORT),
    apiTokens: apiTokens(v.AURA_API_TOKENS),
    corsOrigins: corsOrigins(v.AURA_CORS_ORIGINS),
    publicAggregates: boolean('AURA_PUBLIC_AGGREGATES', v.AURA_PUBLIC_AGGREGATES, DEFAULT_PUBLIC_AGGREGATES),
    logLevel,
    logFormat,
    noColor: v.NO_COLOR !== undefined,
    shard: buildShard(v),
    crisisAlerts: boolean('AURA_CRISIS_ALERTS', v.AURA_CRISIS_ALERTS, true),
    export: {
      target: v.AURA_EXPORT_TARGET || undefined,
      pseudonymise: boolean('AURA_EXPORT_PSEUDONYMISE', v.AURA_EXPORT_PSEUDONYMISE, false),
      pseudonymKey: v.AURA_EXPORT_PSEUDONYM_KEY || undefined,
      s3: {
        region: v.AWS_REGION, endpoint: v.AWS_ENDPOINT_URL,
        forcePathStyle: v.AWS_S3_FORCE_PATH_STYLE === undefined ? undefined : boolean('AWS_S3_FORCE_PATH_STYLE', v.AWS_S3_FORCE_PATH_STYLE, false),
        accessKeyId: v.AWS_ACCESS_KEY_ID, secretAccessKey: v.AWS_SECRET_ACCESS_KEY, sessionToken: v.AWS_SESSION_TOKEN,
      },
    },
  };
}

/**
 * `--shard i/n` (AURA_SHARD), or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX with AURA_SHARD_COUNT;
 * the whole text set (0/1) otherwise.
 */
function buildShard(v: Vars): Config['shard'] {
  return parseShard(v.AURA_SHARD ?? (v.JOB_COMPLETION_INDEX !== undefined ? `${v.JOB_COMPLETION_INDEX}/${v.AURA_SHARD_COUNT ?? ''}` : '0/1'));
}

/** `i/n` with 0 <= i < n <= INPUT_RANGES.shardCount.max. */
export function parseShard(raw: string): Config['shard'] {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < R.shardCount.min || count > R.shardCount.max || index >= count) {
    throw new ConfigError(`shard must be i/n with 0 <= i < n <= ${R.shardCount.max} (from --shard, or JOB_COMPLETION_INDEX with AURA_SHARD_COUNT), got ${quoteValue(raw)}`);
  }
  return { index, count };
}

const URL_KEYS = {
  analytics: 'DATABASE_URL_ANALYTICS',
  auth: 'DATABASE_URL_AUTH',
  social: 'DATABASE_URL_SOCIAL',
  messaging: 'DATABASE_URL_MESSAGING',
} as const;

/** All four URLs, or none (embedded); a partial set is a configuration error naming what is missing. */
function buildDatabaseUrls(v: Vars): DatabaseUrls | undefined {
  const entries = Object.entries(URL_KEYS).map(([k, name]) => [k, name, v[name]?.trim()] as const);
  const missing = entries.filter(([, , url]) => !url).map(([, name]) => name);
  if (missing.length === entries.length) return undefined;
  if (missing.length) throw new ConfigError(`missing ${missing.join(', ')} (set all four database URLs, or none to use the embedded PostgreSQL)`);
  const out = {} as DatabaseUrls;
  for (const [k, name, url] of entries) out[k as keyof DatabaseUrls] = validatePostgresUrl(name, url!);
  return out;
}

export function validatePostgresUrl(name: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (expected postgres://user:password@host:5432/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} must start with postgres:// or postgresql://, got "${parsed.protocol}"`);
  }
  if (!parsed.hostname || parsed.pathname.length < 2) {
    throw new ConfigError(`${name} must name a host and a database (postgres://user:password@host:5432/database)`);
  }
  return url;
}

function pick(src: Record<string, unknown>): Vars {
  const out: Vars = {};
  for (const k of CONFIG_KEYS) {
    const val = src[k];
    if (val !== undefined && val !== null && String(val) !== '') out[k] = String(val);
  }
  return out;
}

function list(raw: string | undefined, dflt: string[]): string[] {
  if (raw === undefined) return dflt;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Tokens travel in a WebSocket subprotocol (`bearer.<token>`), which only allows HTTP token characters,
 * and must be long enough not to be guessed.
 */
function apiTokens(raw: string | undefined): string[] {
  const tokens = list(raw, []);
  for (const t of tokens) {
    if (t.length < 16 || !/^[A-Za-z0-9._~+-]+$/.test(t)) {
      throw new ConfigError('AURA_API_TOKENS: each token needs at least 16 characters from A-Z a-z 0-9 . _ ~ + - (e.g. `openssl rand -hex 32`)');
    }
  }
  return tokens;
}

/** Exact origins only: a wildcard would hand minors' data to any web page holding a token. */
function corsOrigins(raw: string | undefined): string[] {
  const origins = list(raw, []);
  for (const o of origins) {
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o.replace(/\/$/, '');
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError(`AURA_CORS_ORIGINS: ${quoteValue(o)} is not an origin like https://panel.example.org (no wildcard, path or query)`);
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}

function boolean(name: string, raw: string | undefined, dflt: boolean): boolean {
  if (raw === undefined) return dflt;
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  throw new ConfigError(`${name} must be true or false, got ${quoteValue(raw)}`);
}

function ranged(name: string, range: NumericRange, raw: string | undefined, dflt: number): number {
  return raw === undefined ? dflt : parseInRange(name, range, raw);
}
