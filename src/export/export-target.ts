// Where an export goes: `--to DIR` or `--to s3://bucket/prefix`. Both stage every part on local disk first and
// make files visible under their final names only once all are written; the manifest goes last.
import { resolve } from 'node:path';
import { AuraError, ConfigError } from '../errors.js';

export interface StagedFile {
  /** Key relative to the target's root, e.g. `vectors/run_date=2026-12-07/run_id=412/part-0000.parquet`. */
  key: string;
  localPath: string;
  bytes: number;
  /** Hex SHA-256 of the file (the manifest's): S3 checks a single-PUT upload against it. */
  sha256: string;
}

export interface ExportTarget {
  /** How the target is named in messages and the watermark: `s3://bucket/prefix` or the folder's absolute path. */
  readonly name: string;
  /** Fails with one line naming the target when it cannot be written (unreachable, denied, missing, read-only). */
  check(): Promise<void>;
  /** A fresh local folder for the parts of one export. */
  stage(): Promise<string>;
  /**
   * Hands over one staged file as soon as it is complete. A target may start sending it at once (S3 uploads its
   * parts while the next file is encoded), but nothing is visible under the final key before publish().
   */
  send(file: StagedFile): void;
  /** Makes every sent file visible under its final key (objects already there with the same key are replaced). */
  publish(): Promise<void>;
  /** Writes one small object (the manifest) under its final key. */
  putSmall(key: string, body: Buffer): Promise<void>;
  /** Removes the staging folder. */
  cleanUp(): Promise<void>;
}

/** A target that could not be written: exit 1 with the target's name and what went wrong, never credentials. */
export class ExportTargetError extends AuraError {}

export type TargetSpec = { kind: 's3'; bucket: string; prefix: string } | { kind: 'folder'; path: string };

export function parseTarget(raw: string, cwd = process.cwd()): TargetSpec {
  const to = raw.trim();
  if (!to) throw new ConfigError('export needs a target: --to DIR or --to s3://bucket/prefix (or AURA_EXPORT_TARGET)');
  if (/^s3:\/\//i.test(to)) {
    const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/i.exec(to);
    const bucket = m?.[1] ?? '';
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`--to ${to}: "${bucket}" is not an S3 bucket name (s3://bucket/prefix)`);
    const prefix = (m?.[2] ?? '').replace(/^\/+|\/+$/g, '');
    return { kind: 's3', bucket, prefix };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(to)) throw new ConfigError(`--to ${to}: only a folder or s3://bucket/prefix is supported`);
  return { kind: 'folder', path: resolve(cwd, to) };
}

export function targetName(spec: TargetSpec): string {
  return spec.kind === 's3' ? `s3://${spec.bucket}${spec.prefix ? '/' + spec.prefix : ''}` : spec.path;
}
