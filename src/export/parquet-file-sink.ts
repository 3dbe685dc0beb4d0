// A local file that a Parquet file is appended to, hashed (sha256) as it goes, so a file never sits whole in
// memory. `writer` serves hyparquet-writer's ParquetWriter (bench/parquet-writers.ts); the export's own writer
// appends encoded pages with `write`.
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { ByteWriter } from 'hyparquet-writer';

export class FileSink {
  readonly writer: ByteWriter & { flush(): Promise<void> };
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  private constructor(private readonly file: FileHandle) {
    const w = new ByteWriter(1 << 20) as ByteWriter & { flush(): Promise<void>; finish(): Promise<void> };
    w.flush = () => this.drain();
    w.finish = () => this.drain();
    this.writer = w;
  }

  static async open(path: string): Promise<FileSink> {
    return new FileSink(await open(path, 'w'));
  }

  /** Appends `parts` in order. */
  async write(parts: readonly Uint8Array[]): Promise<void> {
    let total = 0;
    for (const p of parts) {
      this.hash.update(p);
      total += p.length;
    }
    this.bytes += total;
    let done = 0;
    let rest = parts.filter((p) => p.length);
    while (rest.length) {
      const { bytesWritten } = await this.file.writev(rest.length > 512 ? rest.slice(0, 512) : rest);
      done += bytesWritten;
      rest = skip(rest, bytesWritten);
    }
    if (done !== total) throw new Error(`short write: ${done} of ${total} bytes`);
  }

  private async drain(): Promise<void> {
    const w = this.writer;
    if (!w.index) return;
    await this.write([new Uint8Array(w.buffer, 0, w.index)]);
    w.index = 0;
  }

  /** Flushes what is left, closes the file; returns its size and sha256 (hex). */
  async close(): Promise<{ bytes: number; sha256: string }> {
    await this.drain();
    await this.file.close();
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Closes the file without flushing (after a failure; the caller removes it). */
  async abort(): Promise<void> {
    await this.file.close().catch(() => {});
  }
}

/** `parts` without their first `n` bytes (after a partial writev). */
function skip(parts: Uint8Array[], n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const p of parts) {
    if (n >= p.length) {
      n -= p.length;
      continue;
    }
    out.push(n ? p.subarray(n) : p);
    n = 0;
  }
  return out;
}
