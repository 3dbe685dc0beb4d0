// The one onRequest hook deciding who may call a route: public, aggregate (configurable) or private (bearer token).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readBearerToken, type TokenVerifier } from './auth.js';
import { errorBody } from './http-errors.js';
import type { Access } from './server-context.js';

export const WS_PATH_PREFIX = '/api/v2/clustering/ws/';

export interface AccessControlOptions {
  tokens: TokenVerifier;
  publicAggregates: boolean;
}

export function registerAccessControl(app: FastifyInstance, opts: AccessControlOptions): void {
  // Private answers carry per-user data about minors (or start runs): no cache, shared or not, may keep them.
  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.config?.access === 'private') reply.header('cache-control', 'no-store');
  });
  app.addHook('onRequest', async (request, reply) => {
    // A WebSocket upgrade on an HTTP route would be closed by @fastify/websocket with a log line holding
    // the URL (and a cursor holds a user id): refuse it here instead.
    if (request.headers.upgrade && !request.routeOptions.url?.startsWith(WS_PATH_PREFIX)) {
      // The upgrade socket is outside the HTTP server's connection tracking: end it with the answer.
      reply.raw.once('finish', () => request.raw.socket?.destroy());
      return reply.code(404).header('connection', 'close').send(errorBody(404, `WebSockets are served under ${WS_PATH_PREFIX}`));
    }
    if (!needsToken(request.routeOptions.config?.access, opts.publicAggregates)) return;
    const token = readBearerToken(request.headers.authorization);
    if (opts.tokens.verify(token)) return;
    return refuse(reply, !opts.tokens.configured ? 'no API tokens are configured on this server (AURA_API_TOKENS)' : token === undefined ? 'this endpoint needs an Authorization: Bearer <token> header' : 'the bearer token is not valid');
  });
}

/** The one rule of who needs a token, read by this hook and by the OpenAPI document's `security`. */
export function needsToken(access: Access | undefined, publicAggregates: boolean): boolean {
  return access === 'private' || (access === 'aggregate' && !publicAggregates);
}

/** 401 with the challenge header; a wrong token and a missing one get the same status on purpose. */
export function refuse(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(401).header('www-authenticate', 'Bearer realm="aura-miner"').send(errorBody(401, message));
}
