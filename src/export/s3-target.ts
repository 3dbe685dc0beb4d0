// Any S3-compatible bucket through the AWS SDK v3: region, endpoint (MinIO, Ceph, a test server) and path-style
// addressing from the configuration, credentials from it or the SDK's usual chain (environment, profile, web
// identity, instance role). Parts are staged in a local temporary folder. A file of one multipart part or more
// starts its multipart upload at once (its parts go up while the next file is encoded), completed only in
// publish(), after every file is staged: S3 shows no object under its final key before CompleteMultipartUpload.
// lib-storage's Upload completes each file as soon as its own parts are in, which would show a half export, so
// the client's multipart commands are used directly. Smaller files go up in one PUT each in publish(): a
// multipart upload makes the store assemble the object from its parts, which s3rver (and stores that assemble
// by copying) pays for with a second write, more than the overlap saves on a file this small (measured with
// `npm run bench -- export`). Their bodies stream from the staging file, signed with the SHA-256 the manifest
// already has (putFile). The manifest is a single PUT after every file is in place.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, HeadBucketCommand, PutObjectCommand,
  S3Client, UploadPartCommand, type CompletedPart, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ExportTargetError, type ExportTarget, type StagedFile } from './export-target.js';

export interface S3Settings {
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** Multipart part size: S3's minimum (5 MiB) would mean ~20 parts for a 1M-user vectors file. */
export const PART_BYTES = 16 * 1024 * 1024;
/** Up to FILES_AT_ONCE files, each with PARTS_AT_ONCE parts in flight: at most 8 x 16 MiB buffered. */
const FILES_AT_ONCE = 2;
const PARTS_AT_ONCE = 4;
/** Attempts per request: the SDK's retries (`maxAttempts`) for buffered bodies, putFile's for streamed ones. */
const ATTEMPTS = 3;
const CONTENT_TYPE = 'application/vnd.apache.parquet';

/** Runs `fn` on every item, in order, at most `limit` at once; fails with the first failure, after which no item starts. */
async function eachAtMost<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    for (let i = next++; i < items.length && !failed; i = next++) {
      try {
        await fn(items[i]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** A multipart upload whose parts are (being) sent; completed in publish(), aborted in cleanUp() otherwise. */
interface OpenUpload {
  key: string;
  uploadId: string;
  parts: CompletedPart[];
}

export class S3Target implements ExportTarget {
  readonly client: S3Client;
  private staging: string | undefined;
  /** Small files for publish(), uploads of large files in flight (one promise each), multipart uploads to complete. */
  private small: StagedFile[] = [];
  private sending: Promise<void>[] = [];
  private open: OpenUpload[] = [];
  /** FILES_AT_ONCE lanes: large files go up one after the other in each, taking the lanes in turn. */
  private readonly lanes: Promise<void>[] = Array.from({ length: FILES_AT_ONCE }, () => Promise.resolve());
  private readonly abort = new AbortController();

  /** `partBytes`: the multipart part size, and the size from which a file goes up in parts (tests make it small). */
  constructor(readonly name: string, private readonly bucket: string, private readonly prefix: string, s3: S3Settings, private readonly partBytes = PART_BYTES) {
    // The SDK prints a 7-line notice on Node < 22 (its releases after January 2027 need 22) on stderr, which
    // breaks the one-line errors of the CLI; the README says so instead.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const config: S3ClientConfig = {
      region: s3.region || 'us-east-1',
      forcePathStyle: s3.forcePathStyle ?? Boolean(s3.endpoint),
      maxAttempts: ATTEMPTS,
      // The SDK warns on the console when a request with a streamed body fails (it cannot retry it; putFile does):
      // stderr must keep the CLI's one-line error, and the failure is reported there.
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
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

  send(file: StagedFile): void {
    if (file.bytes < this.partBytes) {
      this.small.push(file);
      return;
    }
    const lane = this.sending.length % FILES_AT_ONCE;
    const sending = this.lanes[lane].then(() => this.uploadParts(file));
    sending.catch(() => {}); // awaited in publish(); a failure must not be unhandled meanwhile
    this.lanes[lane] = sending.catch(() => {});
    this.sending.push(sending);
  }

  async publish(): Promise<void> {
    try {
      // Every file is staged: the small ones go up now, two at a time, while the large ones' last parts finish.
      const putAll = eachAtMost(this.small, FILES_AT_ONCE, (f) => this.putFile(f));
      this.sending.push(putAll); // cleanUp() waits for it before the staging folder goes
      await Promise.all(this.sending);
      // Every part is in: only now do the large files appear under their final keys.
      await Promise.all(this.open.map((u) => this.client.send(new CompleteMultipartUploadCommand({
        Bucket: this.bucket, Key: u.key, UploadId: u.uploadId, MultipartUpload: { Parts: u.parts },
      }), { abortSignal: this.abort.signal })));
      this.open = [];
      this.sending = [];
      this.small = [];
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

  /** After a failure: stop what is in flight and abort uploads never completed (best effort; a bucket lifecycle rule
   * for incomplete multipart uploads catches what an abort cannot reach). */
  async cleanUp(): Promise<void> {
    if (this.open.length || this.sending.length) {
      this.abort.abort();
      await Promise.allSettled(this.sending);
      await Promise.allSettled(this.open.map((u) => this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: u.key, UploadId: u.uploadId }))));
    }
    this.open = [];
    this.sending = [];
    if (this.staging) await rm(this.staging, { recursive: true, force: true }).catch(() => {});
    this.staging = undefined;
    this.client.destroy();
  }

  private async uploadParts(file: StagedFile): Promise<void> {
    const signal = this.abort.signal;
    const Key = this.key(file.key);
    const created = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ContentType: CONTENT_TYPE }), { abortSignal: signal });
    const upload: OpenUpload = { key: Key, uploadId: created.UploadId!, parts: [] };
    this.open.push(upload);
    const count = Math.max(1, Math.ceil(file.bytes / this.partBytes));
    const fh = await open(file.localPath, 'r');
    try {
      const parts = Array.from({ length: count }, (_, i) => i);
      await eachAtMost(parts, PARTS_AT_ONCE, async (i) => {
        const length = Math.min(this.partBytes, file.bytes - i * this.partBytes);
        const body = Buffer.allocUnsafe(length);
        for (let got = 0; got < length; ) {
          const { bytesRead } = await fh.read(body, got, length - got, i * this.partBytes + got);
          if (!bytesRead) throw new Error(`${file.localPath}: ended at ${i * this.partBytes + got} of ${file.bytes} bytes`);
          got += bytesRead;
        }
        const r = await this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key, UploadId: upload.uploadId, PartNumber: i + 1, Body: body, ContentLength: length }), { abortSignal: signal });
        upload.parts[i] = { ETag: r.ETag, PartNumber: i + 1 };
      });
    } finally {
      await fh.close();
    }
  }

  /**
   * One staged file in one PUT, its body streamed from disk: the first bytes leave while the rest is read, and no
   * copy of the file is held (measured: `npm run bench -- export`, bench/README.md). The manifest's SHA-256 goes
   * twice: as the checksum the store verifies the stored bytes against, and as the payload hash the request is
   * signed with (the SDK would otherwise read and hash the body a second time, or send it unsigned). The SDK
   * cannot rewind a stream to retry, so this retries a transient failure itself, from a fresh stream.
   */
  private async putFile(f: StagedFile): Promise<void> {
    for (let attempt = 1; !this.abort.signal.aborted; attempt++) {
      // Opened here, so a missing file is this call's rejection, never an 'error' event on a stream nobody reads.
      const fh = await open(f.localPath, 'r');
      const put = new PutObjectCommand({
        Bucket: this.bucket, Key: this.key(f.key), Body: fh.createReadStream(), ContentLength: f.bytes, ContentType: CONTENT_TYPE,
        ChecksumSHA256: Buffer.from(f.sha256, 'hex').toString('base64'),
      });
      put.middlewareStack.add((next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = f.sha256;
        return next(args);
      }, { step: 'build', name: 'auraKnownPayloadHash' });
      try {
        await this.client.send(put, { abortSignal: this.abort.signal });
        return;
      } catch (err) {
        if (attempt >= ATTEMPTS || this.abort.signal.aborted || !isTransient(err)) throw err;
        await sleep(100 * 4 ** (attempt - 1) * (0.5 + Math.random()));
      } finally {
        await fh.close().catch(() => {}); // the stream closes it when read to the end; not when the request failed first
      }
    }
    throw new Error('export aborted');
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

/** A failure worth another attempt: throttling, a server error, a timeout or a dropped connection. */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; cause?: { code?: string } };
  const status = e?.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || status === 429 || e?.$retryable) return true;
  if (/^(SlowDown|Throttling|ThrottlingException|RequestTimeout|TimeoutError|InternalError|ServiceUnavailable)$/.test(e?.name ?? '')) return true;
  return /^(ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|EAI_AGAIN)$/.test(e?.code ?? e?.cause?.code ?? '');
}
