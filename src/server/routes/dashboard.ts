// GET / and /dashboard/*: the static dashboard, with Chart.js served from the installed package (no CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PACKAGE_ROOT } from '../../paths.js';

/** Static files live next to the sources and ship in the package (tsc copies only .ts files). */
export const DASHBOARD_DIR = join(PACKAGE_ROOT, 'src', 'server', 'dashboard');
export const CHART_JS_PATH = '/vendor/chart.umd.min.js';

/** Only our own scripts, styles and same-origin connections: the page shows minors' data. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', CSP).header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
}

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
  const schema = { hide: true };

  await app.register(fastifyStatic, {
    root: DASHBOARD_DIR,
    prefix: '/dashboard/',
    index: false,
    setHeaders: (reply) => void secure(reply),
  });

  app.get('/', { schema, config: { access: 'public' } }, (_request, reply) => secure(reply).sendFile('index.html'));

  app.get(CHART_JS_PATH, { schema, config: { access: 'public' } }, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(chartJs),
  );
}
