// The one onRequest hook deciding who may call a route: public, aggregate (configurable) or private (bearer token).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readBearerToken, type TokenVerifier } from './auth.js';
import type { Access } from './server-context.js';

export interface AccessControlOptions {
  tokens: TokenVerifier;
  publicAggregates: boolean;
}

export function registerAccessControl(app: FastifyInstance, opts: AccessControlOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const access: Access = request.routeOptions.config?.access ?? 'public';
    if (access === 'public' || (access === 'aggregate' && opts.publicAggregates)) return;
    const token = readBearerToken(request.headers.authorization);
    if (opts.tokens.verify(token)) return;
    return refuse(reply, !opts.tokens.configured ? 'no API tokens are configured on this server (AURA_API_TOKENS)' : token === undefined ? 'this endpoint needs an Authorization: Bearer <token> header' : 'the bearer token is not valid');
  });
}

/** 401 with the challenge header; a wrong token and a missing one get the same status on purpose. */
export function refuse(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(401).header('www-authenticate', 'Bearer realm="aura-miner"').send({ statusCode: 401, error: 'Unauthorized', message });
}
