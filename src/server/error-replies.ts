// Maps errors to HTTP answers ({statusCode, error, message, detail}) and logs them without URLs, tokens or user ids.
import type { FastifyError, FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { AuraError, BusyError, ConfigError, NothingToDoError, SourceError, UnusableResultError } from '../errors.js';
import { RANGE_KEYWORD } from '../input-ranges.js';
import { scrubSecrets } from '../log.js';
import { errorBody, HttpError } from './http-errors.js';

/** PostgreSQL: relation does not exist. */
const UNDEFINED_TABLE = '42P01';

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  /** With Ajv's `verbose`: the schema holding the keyword (the field's own schema). */
  parentSchema?: Record<string, unknown>;
}

/** Errors about a number that the field's range words (`x-range`, input-ranges.ts) say better. */
const RANGE_ERRORS = new Set(['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', RANGE_KEYWORD]);

/** Ajv plugin: the `x-range` keyword refuses non-finite numbers, which Ajv's coercion lets past minimum/maximum. */
export function addRangeKeyword<A extends { addKeyword(definition: never): unknown }>(ajv: A): A {
  (ajv as unknown as { addKeyword(definition: object): unknown }).addKeyword({ keyword: RANGE_KEYWORD, schemaType: 'string', validate: (_range: string, data: unknown) => typeof data !== 'number' || Number.isFinite(data) });
  return ajv;
}

/**
 * Validation messages name the field and what is allowed (never the value sent, which could be
 * anything a client pasted): `params.risk_level must be one of: high, moderate, low`.
 */
export function formatSchemaErrors(errors: AjvLikeError[], dataVar: string): Error {
  const parts = errors.map((e) => {
    const field = `${dataVar}${e.instancePath.replace(/\//g, '.')}`;
    const range = e.parentSchema?.[RANGE_KEYWORD];
    if (typeof range === 'string' && RANGE_ERRORS.has(e.keyword)) return `${field} must be ${range}`;
    if (e.keyword === 'enum') return `${field} must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    if (e.keyword === 'additionalProperties') return `${field} has an unknown property "${String(e.params.additionalProperty)}"`;
    return `${field} ${e.message ?? 'is not valid'}`;
  });
  return new Error(parts.join('; '));
}

export function registerErrorReplies(app: FastifyInstance, bodyLimit: number): void {
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send(errorBody(404, 'no such endpoint: see /docs or /openapi.json'));
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, message } = classify(err, bodyLimit);
    const route = request.routeOptions.url ?? 'not_found';
    if (status === 500) request.log.error({ route, err: { type: err.name, code: err.code, message: scrubSecrets(err.message), stack: err.stack && scrubSecrets(err.stack) } }, 'request failed');
    else if (status > 500) request.log.warn({ route, statusCode: status, reason: scrubSecrets(message) }, 'request failed: service not ready');
    else request.log.info({ route, statusCode: status, reason: err.code ?? err.name }, 'request refused');
    reply.code(status).send(errorBody(status, message));
  });
}

function classify(err: FastifyError, bodyLimit: number): { status: number; message: string } {
  if (err.validation) return { status: 400, message: err.message };
  // The issue asks for 400 on oversized bodies (fastify's default is 413).
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 400, message: `request body too large: at most ${bodyLimit} bytes` };
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) return { status: 400, message: 'request body is not valid JSON' };
  if (err instanceof BusyError) return { status: 409, message: err.message };
  if (err instanceof NothingToDoError) return { status: 404, message: err.message };
  if (err instanceof UnusableResultError) return { status: 422, message: err.message };
  // Client input is validated by the route schemas: a ConfigError here is the server's own setup
  // (schema not migrated, NLP model missing), so the service is unavailable rather than the request bad.
  if (err instanceof ConfigError) return { status: 503, message: scrubSecrets(err.message) };
  if ((err as { code?: string }).code === UNDEFINED_TABLE) return { status: 503, message: 'the analytics database has no aura-miner schema: run `aura-miner migrate` first' };
  if (err instanceof HttpError) return { status: err.statusCode, message: err.message };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { status: err.statusCode, message: scrubSecrets(err.message) };
  if (err instanceof SourceError) return { status: 502, message: scrubSecrets(err.message) };
  // Our own errors say what failed without secrets (connection strings are scrubbed where they are raised).
  if (err instanceof AuraError) return { status: 500, message: scrubSecrets(err.message) };
  return { status: 500, message: 'internal error: see the server log' };
}
