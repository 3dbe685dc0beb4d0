// Row groups encoded in a worker thread (encode-worker.ts), in the order they are given. The columns' memory
// is transferred, not copied: the caller must not touch those buffers again. The worker starts on the first
// group, so an export whose files are all smaller than one group never starts it.
import { Worker } from 'node:worker_threads';
import type { ColumnValues } from './parquet-column-buffer.js';
import type { EncodedRowGroup } from './parquet-file-writer.js';

export class RowGroupEncoder {
  private started: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (g: EncodedRowGroup) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: Error | undefined;

  private get worker(): Worker {
    if (this.started) return this.started;
    const worker = (this.started = new Worker(new URL('./encode-worker.js', import.meta.url)));
    worker.on('message', (m: { id: number; group?: EncodedRowGroup; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`encoding a row group failed: ${m.error}`));
      else w?.resolve(m.group!);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the encoding worker exited (code ${code})`)));
    return worker;
  }

  encode(columns: readonly ColumnValues[], dictionary: readonly boolean[]): Promise<EncodedRowGroup> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const transfer = new Set<ArrayBuffer>();
    for (const c of columns) {
      for (const a of [c.defined, c.i32, c.f32, c.f64, c.u8, c.type === 'BYTE_ARRAY' ? c.data : undefined]) if (a) transfer.add(a.buffer as ArrayBuffer);
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, columns, dictionary }, [...transfer]);
    });
  }

  async close(): Promise<void> {
    if (!this.started) return;
    this.started.removeAllListeners('exit');
    await this.started.terminate();
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
