// Pure parts of export: targets, pseudonyms, Parquet types of PostgreSQL columns, manifests.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { buildManifest } from '../../src/export/export-manifest.js';
import { partKey } from '../../src/export/export-tables.js';
import { parseTarget, targetName } from '../../src/export/export-target.js';
import { isTransient } from '../../src/export/s3-target.js';
import { pseudonymiser, schemaElement, selectExpression, type ExportColumn } from '../../src/export/parquet-columns.js';

const col = (name: string, typname: string, kind: ExportColumn['kind'], nullable = false): ExportColumn => ({ name, pgType: typname, typname, kind, nullable, userId: /user_id/.test(name) });

describe('export units', () => {
  test('targets: s3://bucket/prefix and folders; other schemes and bad buckets are usage errors', () => {
    assert.deepEqual(parseTarget('s3://aura-lake/miner/nightly/'), { kind: 's3', bucket: 'aura-lake', prefix: 'miner/nightly' });
    assert.deepEqual(parseTarget('s3://aura-lake'), { kind: 's3', bucket: 'aura-lake', prefix: '' });
    assert.equal(targetName(parseTarget('s3://aura-lake/miner')), 's3://aura-lake/miner');
    assert.deepEqual(parseTarget('lake', '/srv'), { kind: 'folder', path: '/srv/lake' });
    for (const bad of ['', 'gs://bucket/x', 's3://Bad_Bucket/x', 's3:///x']) assert.throws(() => parseTarget(bad), ConfigError, bad);
  });

  test('pseudonyms: HMAC-SHA256 of the id text, stable per key, different across keys', () => {
    const id = '0f8c6a3e-3d1b-4c8e-9a57-6f1f2b3c4d5e';
    const a = pseudonymiser('key-one-0123456789');
    assert.equal(a(id), createHmac('sha256', 'key-one-0123456789').update(id).digest('hex'));
    assert.equal(a(id), a(id));
    assert.notEqual(a(id), pseudonymiser('key-two-0123456789')(id));
  });

  test('PostgreSQL types become typed Parquet columns; user ids become strings when pseudonymised', () => {
    assert.deepEqual(schemaElement(col('asi', 'float8', 'double'), false), { name: 'asi', repetition_type: 'REQUIRED', type: 'DOUBLE' });
    assert.deepEqual(schemaElement(col('last_seen_at', 'timestamptz', 'timestamptz', true), false), {
      name: 'last_seen_at', repetition_type: 'OPTIONAL', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
    });
    assert.deepEqual(schemaElement(col('votes', 'int2', 'int16'), false), { name: 'votes', repetition_type: 'REQUIRED', type: 'INT32', converted_type: 'INT_16' });
    assert.deepEqual(schemaElement(col('reasons', 'jsonb', 'json', true), false), { name: 'reasons', repetition_type: 'OPTIONAL', type: 'BYTE_ARRAY', logical_type: { type: 'JSON' } });
    assert.deepEqual(schemaElement(col('user_id_raiz', 'uuid', 'uuid'), true), { name: 'user_id_raiz', repetition_type: 'REQUIRED', type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    assert.equal(selectExpression(col('x', 'numeric', 'double')), '"x"::float8');
    assert.equal(selectExpression(col('tags', '_text', 'string')), '"tags"::text');
    assert.equal(selectExpression(col('odd"name', 'int4', 'int32')), '"odd""name"');
  });

  test('manifests: same files, same bytes and id; any change of a file, another id', () => {
    const plan = { parts: [], columns: { vectors: [col('user_id_raiz', 'uuid', 'uuid')] }, etlRunId: 4, clusterRunId: 2, historyRunIds: [3, 4] };
    const files = [{ path: partKey('vectors', '2026-12-07', 4), table: 'vectors' as const, run_id: 4, run_date: '2026-12-07', rows: 10, bytes: 100, sha256: 'ab'.repeat(32) }];
    const one = buildManifest(plan, files, false);
    const two = buildManifest(plan, structuredClone(files), false);
    assert.equal(one.key, two.key);
    assert.ok(one.body.equals(two.body));
    assert.match(one.key, /^_manifests\/run-4-[0-9a-f]{12}\/_manifest\.json$/);
    assert.notEqual(buildManifest(plan, [{ ...files[0], sha256: 'cd'.repeat(32) }], false).key, one.key);
    assert.equal(one.manifest.files[0].path, 'vectors/run_date=2026-12-07/run_id=4/part-0000.parquet');
  });
  test('a streamed PUT is tried again on throttling, server errors, timeouts and dropped connections only', () => {
    const status = (httpStatusCode: number, name = 'Error') => Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
    for (const e of [status(503, 'SlowDown'), status(500, 'InternalError'), status(429), { name: 'TimeoutError' }, { code: 'ECONNRESET' }, { cause: { code: 'EPIPE' } }, { $retryable: {} }]) {
      assert.equal(isTransient(e), true, JSON.stringify(e));
    }
    for (const e of [status(403, 'AccessDenied'), status(404, 'NoSuchBucket'), status(400, 'BadDigest'), new Error('injected upload failure'), { code: 'ECONNREFUSED' }, undefined]) {
      assert.equal(isTransient(e), false, JSON.stringify(e));
    }
  });
});
