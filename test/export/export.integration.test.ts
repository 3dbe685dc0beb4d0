// export against a real PostgreSQL and a real S3-compatible server (s3rver, in-process): every Parquet file read
// back equals the analytics tables row for row; manifests, idempotence, the watermark, failures, pseudonyms.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { parquetMetadata } from 'hyparquet';
import { runCluster } from '../../src/cluster/run-cluster.js';
import { resolveConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDatabases } from '../../src/demo/seed-databases.js';
import { ConfigError } from '../../src/errors.js';
import { runEtl } from '../../src/etl/pipeline.js';
import { ExportTargetError } from '../../src/export/export-target.js';
import type { Manifest } from '../../src/export/export-manifest.js';
import { createTarget, runExport, type ExportSettings } from '../../src/export/run-export.js';
import { S3Target as S3TargetClass } from '../../src/export/s3-target.js';
import { createLogger } from '../../src/log.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { silentProgress } from '../../src/progress.js';
import { withClient } from '../support/crafted-sources.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';
import { dbEnv, runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';
import { parquetRows, readBucket, readTree, S3_KEYS, startS3, tableRows, type TestS3 } from './export-fixture.js';

const logger = createLogger({ level: 'silent' });
const BUCKET = 'aura-lake';
const KEY = 'a-test-key-of-32-characters-long';
let dbs: TestDatabases;
let s3: TestS3;
let settings: ExportSettings;
let historyRuns: number[];

const SOURCE: Record<string, [table: string, key: string]> = {
  vectors: ['user_feature_vector', 'user_id_raiz'],
  risk: ['user_risk_results', 'user_id_raiz'],
  history: ['user_feature_history', 'user_id_raiz'],
  etl_runs: ['etl_runs', 'run_id'],
  cluster_runs: ['cluster_runs', 'cluster_run_id'],
};

function manifestOf(files: Map<string, Buffer>): Manifest[] {
  return [...files].filter(([k]) => k.endsWith('_manifest.json')).map(([, v]) => JSON.parse(v.toString()) as Manifest);
}

/** Every file listed by the manifests exists with its sha256, and equals the table it came from row for row. */
async function assertLakeEqualsTables(files: Map<string, Buffer>, manifest: Manifest): Promise<void> {
  for (const f of manifest.files) {
    const bytes = files.get(f.path);
    assert.ok(bytes, `${f.path} listed in the manifest is in the lake`);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, `${f.path} sha256`);
    assert.equal(bytes.length, f.bytes);
    const { columns, rows } = await parquetRows(bytes);
    assert.deepEqual(columns, manifest.tables[f.table].columns.map((c) => c.name));
    const [table, key] = SOURCE[f.table];
    const where = f.table === 'history' ? `WHERE run_id = ${f.run_id}` : f.table === 'etl_runs' || f.table === 'cluster_runs' ? `WHERE ${key} = ${f.run_id}` : '';
    const expected = await tableRows(dbs.analytics, `FROM ${table} ${where} ORDER BY ${key}`, columns);
    assert.equal(rows.length, f.rows, `${f.path} row count`);
    assert.deepEqual(rows, expected, `${f.path} equals ${table} row for row`);
  }
}

async function watermark(target: string): Promise<number | undefined> {
  return withClient(dbs.analytics, async (c) => {
    const r = await c.query('SELECT history_run_id FROM export_watermarks WHERE target = $1', [target]);
    return r.rows.length ? Number(r.rows[0].history_run_id) : undefined;
  });
}

describe('export', () => {
  before(async () => {
    dbs = await createTestDatabases();
    await migrate(dbs.analytics, logger);
    s3 = await startS3([BUCKET]);
    settings = { pseudonymKey: KEY, s3: { endpoint: s3.endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
    const referenceTime = new Date('2026-12-07T03:00:00Z');
    await seedDatabases(dbs, { users: 600, seed: 5, referenceTime });
    const config = resolveConfig({ env: dbEnv(dbs), cwd: '/' });
    await runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime });
    await runEtl({ config, urls: config.databases!, logger, progress: silentProgress }, { referenceTime: new Date('2026-12-08T03:00:00Z') });
    await runCluster({ urls: dbs, logger }, { seed: 3 });
    // Columns another migration adds later (severity, reasons) reach the lake with no code change.
    await withClient(dbs.analytics, (c) =>
      c.query(`ALTER TABLE user_risk_results ADD COLUMN IF NOT EXISTS export_test_severity double precision, ADD COLUMN IF NOT EXISTS export_test_reasons jsonb;
               UPDATE user_risk_results SET export_test_severity = asi / 2, export_test_reasons = jsonb_build_array(jsonb_build_object('kpi', 'night', 'value', votes)) WHERE votes > 0`),
    );
    historyRuns = (await withClient(dbs.analytics, (c) => c.query('SELECT DISTINCT run_id FROM user_feature_history ORDER BY 1'))).rows.map((r) => Number(r.run_id));
    assert.equal(historyRuns.length, 2);
  });
  after(async () => {
    await s3?.stop();
    await dbs?.drop();
    await stopTestServer();
  });

  test('to a folder: typed Parquet under Hive partitions, manifest last, every file equal to its table; DuckDB reads it as a lake', async () => {
    const dir = tempDir('aura-lake-');
    const r = await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: dir });
    const files = readTree(dir);
    const [manifest] = manifestOf(files);
    assert.equal(r.manifest && files.has(r.manifest), true);
    assert.deepEqual(manifest.runs.history_run_ids, historyRuns);
    assert.deepEqual([...new Set(manifest.files.map((f) => f.table))].sort(), ['cluster_runs', 'etl_runs', 'history', 'risk', 'vectors']);
    assert.ok(manifest.files.some((f) => f.path === `history/run_date=2026-12-07/run_id=${historyRuns[0]}/part-0000.parquet`));
    assert.ok(manifest.tables.risk.columns.some((c) => c.name === 'export_test_reasons' && c.type === 'json'));
    assert.ok(!manifest.tables.cluster_runs.columns.some((c) => c.name === 'chart_data' || c.name === 'error'), 'denied columns stay out');
    assert.equal(files.size, manifest.files.length + 1, 'nothing but the parts and the manifest (no staging left)');
    await assertLakeEqualsTables(files, manifest);
    assert.equal(await watermark(dir), historyRuns[1]);

    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const read = await duck.runAndReadAll(`SELECT risk_level, count(*)::INTEGER AS n FROM read_parquet('${dir}/risk/**/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1`);
    const db = await withClient(dbs.analytics, (c) => c.query('SELECT risk_level, count(*)::int AS n FROM user_risk_results GROUP BY 1 ORDER BY 1'));
    assert.deepEqual(read.getRowObjectsJson(), db.rows);
    const hist = await duck.runAndReadAll(`SELECT run_id, count(*)::INTEGER AS n FROM read_parquet('${dir}/history/**/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1`);
    assert.equal(hist.getRowObjectsJson().length, 2);
    duck.closeSync();
  });

  test('row groups have a fixed size whatever the COPY chunking, and the files still equal the tables', async () => {
    const dir = tempDir('aura-lake-');
    await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: dir, tables: ['vectors', 'history'], rowGroupRows: 64 });
    const files = readTree(dir);
    const [manifest] = manifestOf(files);
    for (const f of manifest.files) {
      const b = files.get(f.path)!;
      const groups = parquetMetadata(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer).row_groups.map((g) => Number(g.num_rows));
      assert.equal(groups.length, Math.ceil(f.rows / 64), f.path);
      assert.ok(groups.slice(0, -1).every((n) => n === 64), `${f.path}: ${groups.join(',')}`);
    }
    await assertLakeEqualsTables(files, manifest);
  });

  test('the same run exported twice gives the same objects; history goes once, --since sends it again', async () => {
    const a = tempDir('aura-lake-a-');
    const b = tempDir('aura-lake-b-');
    await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: a });
    const first = readTree(a);
    const again = await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: a });
    assert.ok(!again.files.some((f) => f.table === 'history'), 'history already exported is not sent again');
    const second = readTree(a);
    for (const [k, v] of first) assert.ok(second.get(k)?.equals(v), `${k} unchanged`);
    await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: b, since: historyRuns[0] });
    await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: b, since: historyRuns[0] });
    const other = readTree(b);
    assert.deepEqual([...other.keys()].sort(), [...first.keys()].sort());
    for (const [k, v] of first) assert.ok(other.get(k)!.equals(v), `${k}: same bytes in another export of the same runs`);
  });

  test('to S3 (s3rver): the same objects as the folder, read back equal to the tables', async () => {
    const dir = tempDir('aura-lake-');
    await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: dir });
    const r = await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: `s3://${BUCKET}/miner/nightly` });
    const objects = await readBucket(s3, BUCKET, 'miner/nightly');
    const [manifest] = manifestOf(objects);
    assert.equal(objects.size, manifest.files.length + 1);
    await assertLakeEqualsTables(objects, manifest);
    const local = readTree(dir);
    for (const [k, v] of objects) assert.ok(local.get(k)?.equals(v), `${k}: same bytes on S3 as in the folder`);
    assert.equal(await watermark(`s3://${BUCKET}/miner/nightly`), r.historyWatermark);
  });

  test("each single-PUT upload carries the manifest's SHA-256 for the store to check and is signed with it", async () => {
    const prefix = 'checked';
    const to = `s3://${BUCKET}/${prefix}`;
    const target = new S3TargetClass(to, BUCKET, prefix, settings.s3);
    const sent = new Map<string, string>();
    const signed = new Map<string, Record<string, string>>();
    target.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string; ChecksumSHA256?: string };
        if (context.commandName === 'PutObjectCommand' && input.Key?.endsWith('.parquet')) sent.set(input.Key.slice(prefix.length + 1), input.ChecksumSHA256 ?? '');
        return next(args);
      },
      { step: 'initialize' },
    );
    // The request as it leaves, after signing.
    target.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string };
        if (context.commandName === 'PutObjectCommand' && input.Key?.endsWith('.parquet')) signed.set(input.Key.slice(prefix.length + 1), { ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    const r = await runExport({ analyticsUrl: dbs.analytics, settings, logger, target }, { to });
    assert.equal(sent.size, r.files.length);
    for (const f of r.files) {
      assert.equal(sent.get(f.path), Buffer.from(f.sha256!, 'hex').toString('base64'), f.path);
      const headers = signed.get(f.path)!;
      assert.equal(headers['x-amz-content-sha256'], f.sha256, `${f.path}: signed with the file's own SHA-256`);
      assert.match(headers.authorization ?? '', /x-amz-content-sha256/, `${f.path}: the payload hash is a signed header`);
      assert.equal(Number(headers['content-length']), f.bytes, `${f.path}: the whole file, not chunked`);
      assert.doesNotMatch(headers['content-encoding'] ?? '', /aws-chunked/);
    }
    const objects = await readBucket(s3, BUCKET, prefix);
    await assertLakeEqualsTables(objects, manifestOf(objects)[0]);
  });

  test('a PUT the store fails transiently (503, after taking the body) is sent again from the file and the export completes', async () => {
    const prefix = 'transient';
    const to = `s3://${BUCKET}/${prefix}`;
    const target = new S3TargetClass(to, BUCKET, prefix, settings.s3);
    const attempts = new Map<string, number>();
    target.client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: string }).Key ?? '';
        const out = await next(args);
        if (context.commandName === 'PutObjectCommand' && key.endsWith('.parquet')) {
          const n = (attempts.get(key) ?? 0) + 1;
          attempts.set(key, n);
          // Every file's first attempt: the body went up, then the store answers 503 Slow Down.
          if (n === 1) throw Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
        }
        return out;
      },
      { step: 'initialize' },
    );
    const r = await runExport({ analyticsUrl: dbs.analytics, settings, logger, target }, { to });
    assert.equal(attempts.size, r.files.length);
    for (const n of attempts.values()) assert.equal(n, 2, 'each file sent twice');
    const objects = await readBucket(s3, BUCKET, prefix);
    const manifests = manifestOf(objects);
    assert.equal(manifests.length, 1);
    await assertLakeEqualsTables(objects, manifests[0]);
    for (const f of r.files) assert.equal(createHash('sha256').update(objects.get(f.path)!).digest('hex'), f.sha256, `${f.path}: the stored bytes are the file's`);
  });

  // Two ways up: files of one part size or more in multipart uploads started while the next file is encoded (a
  // 4 KiB part size here makes every file one), smaller ones in one PUT each once all are staged.
  for (const [way, partBytes, command] of [['multipart uploads', 4096, 'UploadPartCommand'], ['single PUTs', undefined, 'PutObjectCommand']] as const) {
    test(`${way}: an upload failing mid-export leaves no manifest and the watermark where it was; the next export completes`, async () => {
      const prefix = `failing-${partBytes ?? 'put'}`;
      const to = `s3://${BUCKET}/${prefix}`;
      const target = new S3TargetClass(to, BUCKET, prefix, settings.s3, partBytes);
      let calls = 0;
      target.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === command && ++calls === 3) throw new Error('injected upload failure');
          return next(args);
        },
        { step: 'initialize' },
      );
      await assert.rejects(runExport({ analyticsUrl: dbs.analytics, settings, logger, target }, { to }), (e: unknown) => e instanceof ExportTargetError && /failing/.test((e as Error).message));
      assert.ok(calls >= 3, `the failure came after two uploads (${calls} tried)`);
      const partial = await readBucket(s3, BUCKET, prefix);
      if (partBytes) {
        // Parts of two or more files were in, but multipart uploads complete only once every file is staged and
        // every part is up: nothing at all is visible under a final key.
        assert.deepEqual([...partial.keys()], [], 'no object visible');
      } else {
        // Two files go up at once: the failing third PUT leaves two or three files (never all), and no manifest.
        assert.ok(partial.size >= 2 && partial.size <= 3, `files uploaded before the failure: ${partial.size}`);
      }
      assert.equal(manifestOf(partial).length, 0, 'no manifest');
      assert.equal(await watermark(to), undefined, 'watermark not moved');
      await runExport({ analyticsUrl: dbs.analytics, settings, logger, target: new S3TargetClass(to, BUCKET, prefix, settings.s3, partBytes) }, { to });
      const objects = await readBucket(s3, BUCKET, prefix);
      const manifests = manifestOf(objects);
      assert.equal(manifests.length, 1);
      assert.equal(objects.size, manifests[0].files.length + 1);
      await assertLakeEqualsTables(objects, manifests[0]);
      assert.equal(await watermark(to), historyRuns[1]);
    });
  }

  test('a folder failure keeps the watermark too', async () => {
    const dir = tempDir('aura-lake-');
    const target = createTarget(dir, settings);
    const publish = target.publish.bind(target);
    const send = target.send.bind(target);
    let sent = 0;
    target.send = (file) => {
      if (sent++ === 0) send(file); // only the first file makes it before the failure
    };
    target.publish = async () => {
      await publish();
      throw new ExportTargetError('export failed: injected');
    };
    await assert.rejects(runExport({ analyticsUrl: dbs.analytics, settings, logger, target }, { to: dir }), ExportTargetError);
    assert.equal(await watermark(dir), undefined);
    assert.equal(manifestOf(readTree(dir)).length, 0);
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), [], 'staging folder removed');
  });

  test('--pseudonymise: stable keyed hashes, no raw id anywhere in the objects; refused without a key', async () => {
    const a = tempDir('aura-lake-p1-');
    const b = tempDir('aura-lake-p2-');
    await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: a, pseudonymise: true });
    await runExport({ analyticsUrl: dbs.analytics, settings, logger }, { to: b, pseudonymise: true });
    const one = readTree(a);
    const two = readTree(b);
    for (const [k, v] of one) assert.ok(two.get(k)?.equals(v), `${k}: same hashes in a second export`);
    const ids = (await withClient(dbs.analytics, (c) => c.query('SELECT user_id_raiz::text AS id FROM user_feature_vector'))).rows.map((r) => r.id as string);
    const all = Buffer.concat([...one.values()]);
    for (const id of ids) {
      assert.equal(all.indexOf(id), -1, 'raw id as text');
      assert.equal(all.indexOf(Buffer.from(id.replace(/-/g, ''), 'hex')), -1, 'raw id as bytes');
    }
    const [manifest] = manifestOf(one);
    assert.equal(manifest.pseudonymised, true);
    const vectors = manifest.files.find((f) => f.table === 'vectors')!;
    const { columns, rows } = await parquetRows(one.get(vectors.path)!);
    const hashed = new Set(rows.map((r) => r[columns.indexOf('user_id_raiz')]));
    assert.equal(hashed.size, ids.length);
    for (const h of hashed) assert.match(h!, /^[0-9a-f]{64}$/);
    const { createHmac } = await import('node:crypto');
    assert.ok(hashed.has(createHmac('sha256', KEY).update(ids[0]).digest('hex')), 'HMAC-SHA256 of the id text under the key');
    await assert.rejects(runExport({ analyticsUrl: dbs.analytics, settings: { ...settings, pseudonymKey: undefined }, logger }, { to: tempDir('aura-lake-'), pseudonymise: true }), ConfigError);
  });

  test('CLI: --dry-run lists files and writes nothing; --tables narrows; bad targets exit 1 with one line naming them, never the credentials', async () => {
    const env = { ...dbEnv(dbs), ...S3_KEYS, AWS_ENDPOINT_URL: s3.endpoint };
    const dir = join(tempDir('aura-lake-'), 'lake');
    const dry = await runCli(['export', '--to', dir, '--dry-run', '--tables', 'vectors,risk'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would write vectors\/run_date=2026-12-08\/run_id=\d+\/part-0000\.parquet/);
    assert.doesNotMatch(dry.stdout, /history/);
    assert.ok(!existsSync(dir) || readdirSync(dir).length === 0, 'dry run writes nothing');
    const ok = await runCli(['--json', 'export', '--to', `s3://${BUCKET}/cli`, '--tables', 'vectors'], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout).files.map((f: { table: string }) => f.table), ['vectors']);

    const cases: [string, Record<string, string>, RegExp][] = [
      [`s3://${BUCKET}/x`, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, /cannot reach the endpoint/],
      // s3rver checks the access key id, not SigV4 signatures: a wrong key id is its 'wrong credentials'.
      [`s3://${BUCKET}/x`, { AWS_ACCESS_KEY_ID: 'WRONGKEYID', AWS_SECRET_ACCESS_KEY: 'wrong-secret-value' }, /access denied/],
      ['s3://no-such-bucket/x', {}, /bucket "no-such-bucket" does not exist/],
    ];
    for (const [to, extra, why] of cases) {
      const r = await runCli(['export', '--to', to], { ...env, ...extra });
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
      assert.match(lines[0], new RegExp(`export to ${to.replace(/[/.]/g, '\\$&')} failed: `));
      assert.match(lines[0], why);
      assert.doesNotMatch(r.stderr + r.stdout, /S3RVER|WRONGKEYID|wrong-secret-value/);
    }
    const usage = await runCli(['export', '--to', dir, '--tables', 'texts'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--tables must name some of/);
    const noKey = await runCli(['export', '--to', dir, '--pseudonymise'], env);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /AURA_EXPORT_PSEUDONYM_KEY/);
  });

  test('CLI: a read-only folder exits 1 naming it', async () => {
    const parent = tempDir('aura-ro-');
    const ro = join(parent, 'lake');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    chmodSync(parent, 0o755);
    // root writes anywhere: the CLI runs as an unprivileged user then, as it would in production.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), 'export', '--to', ro], { cwd: parent, env: { PATH: process.env.PATH ?? '', HOME: parent, ...dbEnv(dbs) }, ...asUser });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`export to ${ro.replace(/[/.]/g, '\\$&')} failed: permission denied`));
    assert.deepEqual(readdirSync(ro), []);
  });
});
