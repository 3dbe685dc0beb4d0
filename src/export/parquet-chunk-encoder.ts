// One column chunk (a column of one row group) as Parquet pages, from the bytes a ColumnBuffer holds: an optional
// dictionary page, then one DATA_PAGE (v1: the page kind every reader knows) whose body is the definition levels
// (RLE/bit-packed hybrid, width 1) and the values: PLAIN (the typed array's little-endian bytes as they are,
// byte arrays already framed) or dictionary indices (bit-packed). Snappy-compressed, with min/max/null-count
// statistics. Dictionaries are tried only on byte-array columns that are not ids; numbers stay PLAIN.
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import type { ColumnValues, PhysicalType } from './parquet-column-buffer.js';

export type Compress = (bytes: Uint8Array) => Uint8Array;

export interface ChunkStatistics {
  min_value?: number | bigint | boolean | Uint8Array;
  max_value?: number | bigint | boolean | Uint8Array;
  null_count: bigint;
}

export interface EncodedChunk {
  /** Page headers and bodies in file order. */
  parts: Uint8Array[];
  bytes: number;
  uncompressedBytes: number;
  /** Offset of the data page from the start of the chunk (after the dictionary page, if any). */
  dataPageOffset: number;
  hasDictionary: boolean;
  encodings: string[];
  statistics: ChunkStatistics;
}

/** A dictionary stops paying when it holds this many entries or bytes, or more than half as many entries as values. */
const MAX_DICTIONARY_ENTRIES = 32_768;
const MAX_DICTIONARY_BYTES = 1 << 20;

export function encodeChunk(col: ColumnValues, tryDictionary: boolean, compress: Compress): EncodedChunk {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let uncompressedBytes = 0;
  const page = (header: Parameters<typeof writePageHeader>[1] & object, body: Uint8Array) => {
    const compressed = compress(body);
    const h = new ByteWriter(64);
    writePageHeader(h, { ...header, uncompressed_page_size: body.length, compressed_page_size: compressed.length } as never);
    const head = new Uint8Array(h.buffer, 0, h.index);
    parts.push(head, compressed);
    bytes += head.length + compressed.length;
    uncompressedBytes += head.length + body.length;
  };

  // A Buffer arrives in a worker as a plain Uint8Array: the same bytes, read through Buffer's methods.
  const data = Buffer.from(col.data.buffer, col.data.byteOffset, col.data.byteLength);
  const dict = tryDictionary && col.type === 'BYTE_ARRAY' ? buildDictionary(data, col.count) : undefined;
  if (dict) page({ type: 'DICTIONARY_PAGE', dictionary_page_header: { num_values: dict.entries, encoding: 'PLAIN' } } as never, dict.plain);
  const dataPageOffset = bytes;

  const levels = col.defined ? definitionLevels(col.defined, col.rows, col.nulls) : undefined;
  const values = dict ? dictionaryIndices(dict.indices, col.count, dict.entries) : plainValues(col);
  let body = values;
  if (levels) {
    body = new Uint8Array(4 + levels.length + values.length);
    new DataView(body.buffer).setUint32(0, levels.length, true);
    body.set(levels, 4);
    body.set(values, 4 + levels.length);
  }
  const encoding = dict ? 'RLE_DICTIONARY' : 'PLAIN';
  page({ type: 'DATA_PAGE', data_page_header: { num_values: col.rows, encoding, definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' } } as never, body);

  const statistics: ChunkStatistics = { null_count: BigInt(col.nulls), ...(dict ? byteRange(dict.plain, dict.entries) : minMax(col, data)) };
  return { parts, bytes, uncompressedBytes, dataPageOffset, hasDictionary: dict !== undefined, encodings: dict ? ['PLAIN', 'RLE', 'RLE_DICTIONARY'] : ['PLAIN', 'RLE'], statistics };
}

/** The values' PLAIN bytes: views of the column's arrays (no copy), booleans bit-packed. */
function plainValues(col: ColumnValues): Uint8Array {
  const n = col.count;
  switch (col.type as PhysicalType) {
    case 'BOOLEAN': return bitPack(col.u8!, n, 1);
    case 'INT32': return new Uint8Array(col.i32!.buffer, 0, n * 4);
    case 'INT64': return new Uint8Array(col.i32!.buffer, 0, n * 8);
    case 'FLOAT': return new Uint8Array(col.f32!.buffer, 0, n * 4);
    case 'DOUBLE': return new Uint8Array(col.f64!.buffer, 0, n * 8);
    case 'BYTE_ARRAY': return col.data.subarray(0, col.bytes);
  }
}

interface Dictionary {
  entries: number;
  /** The distinct values, PLAIN (the dictionary page's body). */
  plain: Buffer;
  indices: Int32Array;
}

/** Distinct byte-array values in first-seen order, or undefined when they are too many to pay. */
function buildDictionary(data: Buffer, count: number): Dictionary | undefined {
  const seen = new Map<string, number>();
  const indices = new Int32Array(count);
  const firsts: number[] = []; // offset of each entry's framed value in data
  let dictBytes = 0;
  let pos = 0;
  for (let k = 0; k < count; k++) {
    const len = data.readUInt32LE(pos);
    const end = pos + 4 + len;
    const key = data.toString('latin1', pos + 4, end);
    let j = seen.get(key);
    if (j === undefined) {
      j = seen.size;
      dictBytes += 4 + len;
      if (j >= MAX_DICTIONARY_ENTRIES || dictBytes > MAX_DICTIONARY_BYTES || (k >= 1024 && j > k / 2)) return undefined;
      seen.set(key, j);
      firsts.push(pos);
    }
    indices[k] = j;
    pos = end;
  }
  if (firsts.length * 2 > count) return undefined;
  const plain = Buffer.allocUnsafe(dictBytes);
  let at = 0;
  for (const p of firsts) {
    const n = 4 + data.readUInt32LE(p);
    data.copy(plain, at, p, p + n);
    at += n;
  }
  return { entries: firsts.length, plain, indices };
}

/** Dictionary indices: one byte of bit width, then the RLE/bit-packed hybrid. */
function dictionaryIndices(indices: Int32Array, n: number, entries: number): Uint8Array {
  const width = Math.max(1, Math.ceil(Math.log2(entries)));
  const packed = hybrid(indices, n, width);
  const out = new Uint8Array(1 + packed.length);
  out[0] = width;
  out.set(packed, 1);
  return out;
}

/** Definition levels of a nullable column (1 defined, 0 NULL) as the RLE/bit-packed hybrid of width 1. */
export function definitionLevels(defined: Uint8Array, rows: number, nulls: number): Uint8Array {
  if (nulls === 0 || nulls === rows) return rleRun(rows, nulls === 0 ? 1 : 0);
  return hybrid(defined, rows, 1);
}

/** One RLE run of `count` times `value` (width <= 8). */
function rleRun(count: number, value: number): Uint8Array {
  const out: number[] = [];
  let v = count * 2; // (count << 1) | 0, without 32-bit overflow
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v, value);
  return Uint8Array.from(out);
}

/**
 * Bit-packed runs of the hybrid encoding, at most 63 groups of 8 values each so every run header is one byte
 * (as Arrow writes them; some readers cap a run there). The last group is padded with zeros.
 */
export function hybrid(values: ArrayLike<number>, n: number, width: number): Uint8Array {
  const groups = Math.ceil(n / 8);
  const runs = Math.ceil(groups / 63);
  const out = new Uint8Array(runs + groups * width);
  let o = 0;
  for (let g = 0; g < groups; g += 63) {
    const runGroups = Math.min(63, groups - g);
    out[o++] = (runGroups << 1) | 1;
    o = packInto(values, g * 8, Math.min(n, (g + runGroups) * 8), width, out, o);
  }
  return out;
}

/** Bit-packs values [from, to) LSB first into `out` at `o`, padding to a whole group of 8; returns the end. */
function packInto(values: ArrayLike<number>, from: number, to: number, width: number, out: Uint8Array, o: number): number {
  let acc = 0;
  let bits = 0;
  const padded = from + Math.ceil((to - from) / 8) * 8;
  for (let i = from; i < padded; i++) {
    acc |= (i < to ? values[i] : 0) << bits;
    bits += width;
    while (bits >= 8) {
      out[o++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  return o;
}

/** Plain bit-packing without run headers (BOOLEAN values). */
function bitPack(values: Uint8Array, n: number, width: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((n * width) / 8));
  packInto(values, 0, n, width, out, 0);
  return out;
}

/** Min and max of a column's values (NaN skipped, as the format asks; -0/+0 normalised). */
function minMax(col: ColumnValues, data: Buffer): Omit<ChunkStatistics, 'null_count'> {
  const n = col.count;
  if (!n) return {};
  switch (col.type as PhysicalType) {
    case 'BOOLEAN': {
      let any0 = false;
      let any1 = false;
      for (let i = 0; i < n; i++) if (col.u8![i]) any1 = true; else any0 = true;
      return { min_value: !any0, max_value: any1 };
    }
    case 'INT32': {
      const a = col.i32!;
      let lo = a[0];
      let hi = a[0];
      for (let i = 1; i < n; i++) {
        const v = a[i];
        if (v < lo) lo = v;
        else if (v > hi) hi = v;
      }
      return { min_value: lo, max_value: hi };
    }
    case 'INT64': {
      const a = col.i32!;
      let lo = 0;
      let hi = 0;
      for (let i = 1; i < n; i++) {
        if (less64(a, i, lo)) lo = i;
        else if (less64(a, hi, i)) hi = i;
      }
      return { min_value: int64(a, lo), max_value: int64(a, hi) };
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const a = (col.type === 'FLOAT' ? col.f32 : col.f64)!;
      let lo = Infinity;
      let hi = -Infinity;
      let any = false;
      for (let i = 0; i < n; i++) {
        const v = a[i];
        if (v !== v) continue;
        any = true;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (!any) return {};
      return { min_value: lo === 0 ? -0 : lo, max_value: hi === 0 ? 0 : hi };
    }
    case 'BYTE_ARRAY': return byteRange(data, n);
  }
}

/** Is int64 value i below value j (halves: low uint32, high int32)? */
function less64(a: Int32Array, i: number, j: number): boolean {
  const hi = a[2 * i + 1];
  const hj = a[2 * j + 1];
  return hi < hj || (hi === hj && a[2 * i] >>> 0 < a[2 * j] >>> 0);
}

function int64(a: Int32Array, i: number): bigint {
  return (BigInt(a[2 * i + 1]) << 32n) | BigInt(a[2 * i] >>> 0);
}

/** Min and max (unsigned byte order, as the format orders byte arrays) of `n` PLAIN-framed values. */
function byteRange(data: Buffer, n: number): Omit<ChunkStatistics, 'null_count'> {
  if (!n) return {};
  let minAt = 0;
  let maxAt = 0;
  let pos = 4 + data.readUInt32LE(0);
  for (let k = 1; k < n; k++) {
    if (compareFramed(data, pos, minAt) < 0) minAt = pos;
    else if (compareFramed(data, pos, maxAt) > 0) maxAt = pos;
    pos += 4 + data.readUInt32LE(pos);
  }
  const value = (p: number) => Uint8Array.prototype.slice.call(data, p + 4, p + 4 + data.readUInt32LE(p)) as Uint8Array;
  return { min_value: value(minAt), max_value: value(maxAt) };
}

function compareFramed(data: Buffer, a: number, b: number): number {
  const la = data.readUInt32LE(a);
  const lb = data.readUInt32LE(b);
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const d = data[a + 4 + i] - data[b + 4 + i];
    if (d) return d;
  }
  return la - lb;
}
