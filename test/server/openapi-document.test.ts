// The OpenAPI document is client-ready: redocly's recommended rules pass; operationIds; security exactly where a token is needed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { createServer } from '../../src/server/app.js';
import { tempDir } from '../support/temp-dir.js';

/** No database is reached: the document comes from the route schemas. */
async function documentOf(env: Record<string, string> = {}) {
  const url = 'postgres://u:p@127.0.0.1:9/none';
  const urls = { analytics: url, auth: url, social: url, messaging: url };
  const config = resolveConfig({ env: { DATABASE_URL_ANALYTICS: url, DATABASE_URL_AUTH: url, DATABASE_URL_SOCIAL: url, DATABASE_URL_MESSAGING: url, AURA_API_TOKENS: 'doc-token-0123456789abcdef', ...env }, cwd: '/' });
  const server = await createServer({ config, urls, logger: createLogger({ level: 'silent' }) });
  try {
    const r = await server.app.inject({ url: '/openapi.json' });
    assert.equal(r.statusCode, 200);
    return { doc: JSON.parse(r.body) };
  } finally {
    await server.app.close();
  }
}

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown>; parameters?: unknown[]; requestBody?: unknown };
function operations(doc: { paths: Record<string, Record<string, Operation>> }) {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
}

/** Operations that take a token on a server with public aggregates (the default). */
const PRIVATE = ['post /api/v1/data-miner/execute-etl', 'post /api/v1/data-miner/execute-etl-async', 'get /api/v1/data-miner/jobs/{job_id}', 'post /api/v1/clustering/execute', 'get /api/v1/clustering/users/{risk_level}', 'get /api/v2/clustering/data/high-risk-users', 'get /api/v2/clustering/users/{user_id}'];

test('every operation has a unique operationId, servers, and a bearer security scheme on exactly the operations that need a token', async () => {
  for (const publicAggregates of [true, false]) {
    const { doc } = await documentOf({ AURA_PUBLIC_AGGREGATES: String(publicAggregates) });
    assert.ok(doc.servers?.length, 'servers');
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', description: 'a token of AURA_API_TOKENS' });
    const ops = operations(doc);
    assert.ok(ops.length >= 22, String(ops.length));
    const ids = ops.map((o) => o.op.operationId);
    assert.ok(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id)), ids.join(' '));
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    for (const { path, method, op } of ops) {
      const key = `${method} ${path}`;
      // Everything but /healthz is private or an aggregate (public unless AURA_PUBLIC_AGGREGATES=false).
      const tokenNeeded = PRIVATE.includes(key) || (!publicAggregates && path !== '/healthz');
      assert.deepEqual(op.security, tokenNeeded ? [{ bearerAuth: [] }] : [], `${key} (public aggregates ${publicAggregates})`);
      if (tokenNeeded) assert.ok(op.responses['401'], `${key} documents 401`);
      if (op.parameters?.length || op.requestBody) assert.ok(op.responses['400'], `${key} documents 400`);
    }
  }
});

test('numeric parameters carry their ranges; seed is 32-bit; minPts is bounded', async () => {
  const { doc } = await documentOf();
  const body = doc.paths['/api/v1/clustering/execute'].post.requestBody.content['application/json'].schema.properties;
  assert.deepEqual([body.seed.minimum, body.seed.maximum], [0, 4294967295]);
  assert.equal(body.min_pts.maximum, 256);
  assert.equal(body.eps.exclusiveMinimum, 0);
  const hours = doc.paths['/api/v2/clustering/data/kpi-trends'].get.parameters.find((p: { name: string }) => p.name === 'hours');
  assert.equal(hours.schema['x-range'], 'a whole number from 1 to 720');
});

test('redocly lint with the recommended rules passes (no error; warnings only for public operations that take no input)', async () => {
  const { doc } = await documentOf();
  const dir = tempDir('openapi-lint-');
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'lint', '--extends=recommended', '--format=json', file], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  assert.equal(report.totals.errors, 0, JSON.stringify(report.problems));
  const noInput = new Set(operations(doc).filter(({ op }) => !op.parameters?.length && !op.requestBody && !op.security?.length).map(({ path, method }) => `#/paths/${path.replace(/\//g, '~1')}/${method}/responses`));
  for (const p of report.problems) {
    assert.equal(p.ruleId, 'operation-4xx-response', JSON.stringify(p));
    assert.ok(noInput.has(p.location[0].pointer), p.location[0].pointer);
  }
});
