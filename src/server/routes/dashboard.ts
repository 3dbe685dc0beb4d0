// GET / and /dashboard/*: the static dashboard, with Chart.js served from the installed package (no CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { KPIS, type KpiRegistry } from '../../model/kpis.js';
import { PACKAGE_ROOT } from '../../paths.js';

/** Static files live next to the sources and ship in the package (tsc copies only .ts files). */
export const DASHBOARD_DIR = join(PACKAGE_ROOT, 'src', 'server', 'dashboard');
export const CHART_JS_PATH = '/vendor/chart.umd.min.js';

/** Only our own scripts, styles and same-origin connections: the page shows minors' data. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function secure(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', CSP).header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
}

/**
 * The dashboard's Spanish names of what the API's `kpi` fields carry (reasons, fences), from the KPI registry:
 * each KPI with its unit, its normalised column, and the crisis-language reason.
 */
export function kpiNamesScript(kpis: KpiRegistry = KPIS): string {
  const names: Record<string, string> = {};
  for (const k of kpis) {
    names[k.name] = k.unit ? `${k.labels.es} (${k.unit.es})` : k.labels.es;
    if (k.normalised) names[`${k.name}_norm`] = `${k.labels.es} (normalizado)`;
  }
  names.crisis_language = 'Lenguaje de crisis (textos en 30 días)';
  return `'use strict';\nwindow.AURA_KPI_NAMES = ${JSON.stringify(names)};\n`;
}

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const kpiNames = kpiNamesScript();
  const chartJs = readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
  const schema = { hide: true };

  await app.register(fastifyStatic, {
    root: DASHBOARD_DIR,
    prefix: '/dashboard/',
    index: false,
    setHeaders: (reply) => void secure(reply),
  });

  app.get('/', { schema, config: { access: 'public' } }, (_request, reply) => secure(reply).sendFile('index.html'));

  app.get('/dashboard/kpi-names.js', { schema, config: { access: 'public' } }, (_request, reply) =>
    secure(reply).type('application/javascript; charset=utf-8').send(kpiNames),
  );

  app.get(CHART_JS_PATH, { schema, config: { access: 'public' } }, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(chartJs),
  );
}
