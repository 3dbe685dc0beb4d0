// The OpenAPI document's header (auth scheme, servers, WebSockets) and what every operation gets for clients:
// an operationId, its exact security and its 4xx answers.
import type { RouteOptions } from 'fastify';
import { errorSchema } from './schemas.js';

export const BEARER_SCHEME = 'bearerAuth';

export function openApiDocument(opts: { port: number }) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'aura-miner serve',
      version: '0.1.0',
      license: { name: 'UNLICENSED (proprietary)', identifier: 'UNLICENSED' },
      description: [
        'AURA Data Miner API: v1 (ETL and clustering, seed 001) and v2 (Chart.js JSON, real time).',
        '',
        'Per-user data and every execute endpoint need `Authorization: Bearer <token>` (AURA_API_TOKENS).',
        'Status and chart aggregates are public unless AURA_PUBLIC_AGGREGATES=false; each operation\'s `security` says which apply on this server.',
        'Numeric inputs have ranges (`minimum`/`maximum`, and `x-range` in words); out of range is a 400 naming the field and its range.',
        '',
        'WebSockets (not listed below as operations): `GET /api/v2/clustering/ws/live` (USER_RISK_UPDATE, CLUSTER_RUN)',
        'and `GET /api/v2/clustering/ws/alerts` (CRITICAL_ALERT). Authenticate by offering the subprotocols',
        '`aura.v1` and `bearer.<token>`, or by sending `{"type":"AUTH","token":"<token>"}` first (within 5 s).',
        'Messages: `{"type":"USER_RISK_UPDATE","payload":{"user_id","risk_level","previous_level","asi","votes","updated_at"}}`,',
        '`{"type":"CRITICAL_ALERT","payload":{...same...}}`, `{"type":"CLUSTER_RUN","payload":{"cluster_run_id","level_counts"}}`.',
      ].join('\n'),
    },
    servers: [
      {
        url: '{scheme}://{host}',
        description: 'the aura-miner serve that answers this document (set host to its address)',
        variables: { scheme: { enum: ['http', 'https'], default: 'http' }, host: { default: `localhost:${opts.port}` } },
      },
    ],
    tags: [
      { name: 'v1 ETL', description: '/api/v1/data-miner' },
      { name: 'v1 clustering', description: '/api/v1/clustering' },
      { name: 'v2 real time', description: '/api/v2/clustering' },
      { name: 'operations', description: 'metrics and health' },
    ],
    components: { securitySchemes: { [BEARER_SCHEME]: { type: 'http' as const, scheme: 'bearer', description: 'a token of AURA_API_TOKENS' } } },
  };
}

const ERROR_DESCRIPTIONS: Record<string, string> = {
  400: 'a parameter or body field of the wrong type or out of its range (the message names it and the range)',
  401: 'missing or wrong bearer token',
  404: 'nothing to answer yet (no run, no such job or chart)',
  409: 'another run holds the lock: try again when it ends',
};

/**
 * An onRoute hook's work (registered before the routes and the swagger plugin): derives the operationId from
 * method and path (GET /api/v1/clustering/users/:risk_level -> getV1ClusteringUsersByRiskLevel), sets `security`
 * from the route's access (needsToken), and documents 400 / 401 where they can happen.
 */
export function describeOperation(route: RouteOptions, tokenNeeded: boolean): void {
  const schema = (route.schema ??= {}) as Record<string, unknown>;
  if (schema.hide || (route as { websocket?: boolean }).websocket) return;
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  schema.operationId ??= operationIdOf(method, route.url);
  schema.security = tokenNeeded ? [{ [BEARER_SCHEME]: [] }] : [];
  const responses = { ...((schema.response as Record<string, object> | undefined) ?? {}) };
  if (tokenNeeded) responses[401] ??= errorSchema;
  if (schema.querystring || schema.params || schema.body) responses[400] ??= errorSchema;
  for (const [code, answer] of Object.entries(responses)) {
    if (ERROR_DESCRIPTIONS[code] && !(answer as { description?: string }).description) responses[code] = { ...answer, description: ERROR_DESCRIPTIONS[code] };
  }
  if (Object.keys(responses).length) schema.response = responses;
}

export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .flatMap((part) => (part.startsWith(':') ? ['by', ...part.slice(1).split(/[-_]/)] : part.split(/[-_.]/)));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
