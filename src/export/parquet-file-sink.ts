// A hyparquet-writer Writer that streams to a local file: each row group's bytes are appended (and hashed)
// when the writer flushes after the group, so a file never sits whole in memory.
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

  private async drain(): Promise<void> {
    const w = this.writer;
    if (!w.index) return;
    const chunk = new Uint8Array(w.buffer, 0, w.index);
    this.hash.update(chunk);
    this.bytes += chunk.length;
    let done = 0;
    while (done < chunk.length) done += (await this.file.write(chunk, done, chunk.length - done)).bytesWritten;
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
