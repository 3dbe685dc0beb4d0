// The worker thread that encodes row groups (Parquet pages, dictionaries, statistics, Snappy) while the main
// thread goes on decoding the next group from COPY: on two cores PostgreSQL, the decoder and the encoder run
// side by side. Messages: { id, columns, dictionary } in, { id, group } or { id, error } out.
import { parentPort } from 'node:worker_threads';
import type { ColumnValues } from './parquet-column-buffer.js';
import { encodeRowGroup } from './parquet-file-writer.js';
import { snappyCompressor } from './snappy-compress.js';

const compress = snappyCompressor().compress;

parentPort!.on('message', (m: { id: number; columns: ColumnValues[]; dictionary: boolean[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, group: encodeRowGroup(m.columns, m.dictionary, compress) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
