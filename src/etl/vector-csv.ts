// Serialises transform output (vectors, user map) as CSV chunks for COPY or for files.
import { csvLine, type CsvValue } from '../db/copy.js';
import type { VectorTable } from './transform.js';

const CHUNK_ROWS = 5000;

export function* vectorCsvChunks(v: VectorTable, header = false): Generator<string> {
  if (header) yield csvLine(v.columns);
  const cols = v.columns.map((c) => v.data[c]);
  const row: CsvValue[] = new Array(cols.length);
  let buf = '';
  for (let i = 0; i < v.rows; i++) {
    for (let j = 0; j < cols.length; j++) row[j] = cols[j][i] as CsvValue;
    buf += csvLine(row);
    if ((i + 1) % CHUNK_ROWS === 0) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
