// Operations: GET /metrics (Prometheus), /openapi.json (from the route schemas) and /healthz.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../server-context.js';

export async function operationsRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/metrics', { config: { access: 'aggregate' }, schema: { tags: ['operations'], summary: 'Prometheus metrics (text format)', produces: ['text/plain'] } }, async (_request, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(body);
  });

  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['operations'], summary: 'Liveness: the process answers (no database call)' } }, async () => ({ status: 'ok' }));
}
