// Text rows and per-column values of the source datasets (src/model/datasets.ts) as they come off COPY: binary
// tuples, CSV fields of stage files, and back to stage-file CSV.
import { PG_EPOCH_US, readInt64, readUuid, type BinaryTuple } from '../db/copy-binary.js';
import { csvLine } from '../db/copy.js';
import type { ColumnType, TextRow, TextSource } from '../model/datasets.js';
import { formatMicros, parseMicros } from './micros.js';

/** Decodes one CSV field of COPY output (NULL arrives as null). */
export function decodeValue(type: ColumnType, raw: string | null): unknown {
  if (raw === null) return null;
  switch (type) {
    case 'int':
    case 'float':
      return Number(raw);
    case 'bool':
      return raw === 't' || raw === 'true';
    case 'json':
      return JSON.parse(raw);
    case 'timestamptz':
      return parseMicros(raw);
    default:
      return raw;
  }
}

/** A text row from a binary COPY tuple of the text columns. */
export function decodeBinaryTextRow(source: TextSource, t: BinaryTuple): TextRow {
  const { buf, start, len } = t;
  return {
    source,
    id: readInt64(buf, start[0]),
    userRef: source === 'message' ? readInt64(buf, start[1]) : readUuid(buf, start[1]),
    updatedUs: readInt64(buf, start[2]) + PG_EPOCH_US,
    active: buf[start[3]] === 1,
    content: len[4] < 0 ? null : buf.toString('utf8', start[4], start[4] + len[4]),
  };
}

/** A text row from a CSV record of a stage file (`extract --out`), the inverse of `textRowCsv`. */
export function decodeTextRow(source: TextSource, r: readonly (string | null)[]): TextRow {
  return { source, id: Number(r[0]), userRef: source === 'message' ? Number(r[1]) : r[1]!, updatedUs: parseMicros(r[2]!), active: r[3] === 't' || r[3] === 'true', content: r[4] };
}

/** A text row as a stage-file CSV line (the text columns, updated_at as ISO-8601 with microseconds). */
export function textRowCsv(r: TextRow): string {
  return csvLine([r.id, r.userRef, formatMicros(r.updatedUs), r.active, r.content]);
}
