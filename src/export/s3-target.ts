// Any S3-compatible bucket through the AWS SDK v3: region, endpoint (MinIO, Ceph, a test server) and path-style
// addressing from the configuration, credentials from it or the SDK's usual chain (environment, profile, web
// identity, instance role). Parts are staged in a local temporary folder, then uploaded with lib-storage
// (multipart above one part size); the manifest is a single PUT after every part is in place.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadBucketCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ExportTargetError, type ExportTarget, type StagedFile } from './export-target.js';

export interface S3Settings {
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** Multipart part size: lib-storage's minimum (5 MiB) would mean ~20 parts for a 1M-user vectors file. */
const PART_BYTES = 16 * 1024 * 1024;
const FILES_AT_ONCE = 2;
const PARTS_AT_ONCE = 4;

export class S3Target implements ExportTarget {
  readonly client: S3Client;
  private staging: string | undefined;

  constructor(readonly name: string, private readonly bucket: string, private readonly prefix: string, s3: S3Settings) {
    // The SDK prints a 7-line notice on Node < 22 (its releases after January 2027 need 22) on stderr, which
    // breaks the one-line errors of the CLI; the README says so instead.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const config: S3ClientConfig = {
      region: s3.region || 'us-east-1',
      forcePathStyle: s3.forcePathStyle ?? Boolean(s3.endpoint),
      maxAttempts: 3,
    };
    if (s3.endpoint) config.endpoint = s3.endpoint;
    if (s3.accessKeyId && s3.secretAccessKey) config.credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, sessionToken: s3.sessionToken };
    this.client = new S3Client(config);
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw this.failure(err);
    }
  }

  async stage(): Promise<string> {
    this.staging = await mkdtemp(join(tmpdir(), 'aura-export-'));
    return this.staging;
  }

  async publish(files: readonly StagedFile[]): Promise<void> {
    try {
      // Up to FILES_AT_ONCE files, each with PARTS_AT_ONCE parts in flight: at most 8 x 16 MiB buffered.
      const queue = [...files];
      const worker = async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          const upload = new Upload({
            client: this.client,
            params: { Bucket: this.bucket, Key: this.key(f.key), Body: createReadStream(f.localPath), ContentType: 'application/vnd.apache.parquet', ContentLength: f.bytes },
            partSize: PART_BYTES,
            queueSize: PARTS_AT_ONCE,
            leavePartsOnError: false,
          });
          await upload.done();
        }
      };
      await Promise.all(Array.from({ length: Math.min(FILES_AT_ONCE, files.length) }, worker));
    } catch (err) {
      throw this.failure(err);
    }
  }

  async putSmall(key: string, body: Buffer): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: body, ContentType: 'application/json' }));
    } catch (err) {
      throw this.failure(err);
    }
  }

  async cleanUp(): Promise<void> {
    if (this.staging) await rm(this.staging, { recursive: true, force: true }).catch(() => {});
    this.staging = undefined;
    this.client.destroy();
  }

  private key(k: string): string {
    return this.prefix ? `${this.prefix}/${k}` : k;
  }

  /** One line naming the target and the cause; the SDK's messages can quote request details, so they are not reused. */
  private failure(err: unknown): ExportTargetError {
    const e = err as { name?: string; code?: string; Code?: string; $metadata?: { httpStatusCode?: number }; message?: string };
    const status = e?.$metadata?.httpStatusCode;
    const code = e?.Code ?? e?.name ?? e?.code ?? '';
    const net = e?.code ?? (e as { cause?: { code?: string } })?.cause?.code ?? '';
    let why: string;
    if (/NoSuchBucket/.test(code) || (status === 404 && /NotFound|HeadBucket/.test(code + ''))) why = `bucket "${this.bucket}" does not exist`;
    else if (status === 403 || /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|Forbidden|InvalidToken|ExpiredToken/.test(code)) why = `access denied (${code || 'HTTP 403'}): check the credentials and the bucket policy`;
    else if (/CredentialsProviderError/.test(code)) why = 'no AWS credentials found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or a role)';
    else if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH/.test(net + ' ' + code) || /TimeoutError|NetworkingError/.test(code)) why = `cannot reach the endpoint (${net || code})`;
    else why = code ? `${code}${status ? ` (HTTP ${status})` : ''}` : e?.message ?? String(err);
    return new ExportTargetError(`export to ${this.name} failed: ${why}`, { cause: err });
  }
}
