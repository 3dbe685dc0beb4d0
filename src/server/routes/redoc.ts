// GET /redoc: the API reference rendered by Redoc from /openapi.json, its script served from the installed package (no CDN).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

export const REDOC_JS_PATH = '/vendor/redoc.standalone.js';

/**
 * Redoc injects its styles (styled-components) and runs its search in a blob: worker; nothing leaves the
 * origin (its footer logo on a CDN is blocked by img-src).
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aura-miner API reference</title>
</head>
<body>
<redoc spec-url="/openapi.json" hide-download-button></redoc>
<script src="${REDOC_JS_PATH}"></script>
</body>
</html>
`;

export async function redocRoutes(app: FastifyInstance): Promise<void> {
  // 1.1 MB, read on first use (most servers never show it).
  let script: Buffer | undefined;
  const schema = { hide: true };
  app.get('/redoc', { schema, config: { access: 'public' } }, (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY').send(PAGE),
  );
  app.get(REDOC_JS_PATH, { schema, config: { access: 'public' } }, (_request, reply) => {
    script ??= readFileSync(createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'));
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(script);
  });
}
