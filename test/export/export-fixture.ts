// Shared pieces of the export tests: an S3-compatible server in-process (s3rver on 127.0.0.1, a free port),
// reading Parquet back with hyparquet (an independent reader), and the analytics rows the files must equal.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import S3rver from 's3rver';
import { withClient } from '../support/crafted-sources.js';
import { tempDir } from '../support/temp-dir.js';

export const S3_KEYS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

export interface TestS3 {
  endpoint: string;
  client: S3Client;
  stop(): Promise<void>;
}

export async function startS3(buckets: string[]): Promise<TestS3> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: tempDir('aura-s3rver-'), configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return { endpoint, client, stop: async () => { client.destroy(); await server.close(); } };
}

/** Every object under `prefix`, key relative to it -> bytes. */
export async function readBucket(s3: TestS3, bucket: string, prefix: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix ? prefix + '/' : undefined, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const body = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }));
      out.set(prefix ? o.Key!.slice(prefix.length + 1) : o.Key!, Buffer.from(await body.Body!.transformToByteArray()));
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

/** Every file under `dir` (relative path -> bytes). */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Rows of a Parquet file with every value as a comparable string (timestamps as epoch microseconds). */
export async function parquetRows(bytes: Buffer): Promise<{ columns: string[]; rows: (string | null)[][] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  const meta = parquetMetadata(file);
  const columns = meta.schema.slice(1).map((s) => s.name);
  const objects = await parquetReadObjects({ file, parsers: { timestampFromMicroseconds: (us: bigint) => us } as never, utf8: true });
  return { columns, rows: objects.map((o) => columns.map((c) => norm(o[c]))) };
}

function norm(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The same rows from PostgreSQL, each column printed as parquetRows prints it. */
export async function tableRows(url: string, sql: string, columns: string[]): Promise<(string | null)[][]> {
  return withClient(url, async (c) => {
    const types = new Map(
      (await c.query<{ name: string; typname: string }>(`SELECT a.attname AS name, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = to_regclass($1) AND a.attnum > 0`, [/FROM (\w+)/.exec(sql)![1]])).rows.map((r) => [r.name, r.typname]),
    );
    const select = columns
      .map((col) => {
        const q = `"${col}"`;
        const t = types.get(col);
        if (t === 'timestamptz' || t === 'timestamp') return `(extract(epoch from ${q}) * 1000000)::bigint::text AS ${q}`;
        if (t === 'float8' || t === 'float4') return `${q}`;
        return `${q}::text AS ${q}`;
      })
      .join(', ');
    const { rows } = await c.query({ text: `SELECT ${select} ${sql}`, rowMode: 'array' });
    return rows.map((r: unknown[]) => r.map(norm));
  });
}
