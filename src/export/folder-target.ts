// A local (or mounted) folder as the lake: parts are staged in a hidden folder inside it, so putting them under
// their final names is a rename on the same file system.
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ExportTargetError, type ExportTarget, type StagedFile } from './export-target.js';

const STAGING_PREFIX = '.aura-export-';

export class FolderTarget implements ExportTarget {
  private staging: string | undefined;
  private sent: StagedFile[] = [];

  constructor(readonly name: string) {}

  async check(): Promise<void> {
    try {
      await mkdir(this.name, { recursive: true });
      await access(this.name, constants.W_OK);
      const probe = await mkdtemp(join(this.name, STAGING_PREFIX));
      await rm(probe, { recursive: true, force: true });
    } catch (err) {
      throw this.failure(err);
    }
  }

  async stage(): Promise<string> {
    try {
      this.staging = await mkdtemp(join(this.name, STAGING_PREFIX));
      return this.staging;
    } catch (err) {
      throw this.failure(err);
    }
  }

  send(file: StagedFile): void {
    this.sent.push(file);
  }

  async publish(): Promise<void> {
    try {
      for (const f of this.sent) {
        const to = join(this.name, f.key);
        await mkdir(dirname(to), { recursive: true });
        await rename(f.localPath, to);
      }
    } catch (err) {
      throw this.failure(err);
    }
  }

  async putSmall(key: string, body: Buffer): Promise<void> {
    try {
      const to = join(this.name, key);
      const tmp = join(this.staging ?? (await this.stage()), `${key.replace(/\//g, '_')}.tmp`);
      await writeFile(tmp, body);
      await mkdir(dirname(to), { recursive: true });
      await rename(tmp, to);
    } catch (err) {
      throw this.failure(err);
    }
  }

  async cleanUp(): Promise<void> {
    if (this.staging) await rm(this.staging, { recursive: true, force: true }).catch(() => {});
    this.staging = undefined;
    this.sent = [];
  }

  private failure(err: unknown): ExportTargetError {
    const code = (err as NodeJS.ErrnoException)?.code;
    const why =
      code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
      code === 'EROFS' ? 'read-only file system' :
      code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way of the folder' :
      code === 'ENOSPC' ? 'no space left on the device' :
      code ?? (err instanceof Error ? err.message : String(err));
    return new ExportTargetError(`export to ${this.name} failed: ${why}`, { cause: err });
  }
}
