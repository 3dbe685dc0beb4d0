// One row group's values of one column, decoded straight from binary COPY fields into the bytes Parquet
// stores: fixed-width values in a typed array (little-endian, as PLAIN wants them; no per-row JS value, nothing
// for the garbage collector), byte arrays already framed as PLAIN (4-byte length, bytes), and one
// defined/NULL flag per row for nullable columns. NULLs take no value slot.
import { PG_EPOCH_US, readUuid, writeUuidText } from '../db/copy-binary.js';
import type { ExportColumn } from './parquet-columns.js';

export type PhysicalType = 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY';

export function physicalType(c: ExportColumn, pseudonymised: boolean): PhysicalType {
  if (c.userId && pseudonymised) return 'BYTE_ARRAY';
  switch (c.kind) {
    case 'boolean': return 'BOOLEAN';
    case 'int16': case 'int32': case 'date': return 'INT32';
    case 'int64': case 'timestamptz': case 'timestamp': return 'INT64';
    case 'float': return 'FLOAT';
    case 'double': return 'DOUBLE';
    default: return 'BYTE_ARRAY';
  }
}

const DAYS_1970_TO_2000 = 10_957;
const EPOCH_HI = Math.floor(PG_EPOCH_US / 4294967296);
const EPOCH_LO = PG_EPOCH_US - EPOCH_HI * 4294967296;

/** What a column chunk is encoded from: ColumnBuffer's data without its decoder (it can cross to a worker). */
export interface ColumnValues {
  readonly name: string;
  readonly type: PhysicalType;
  readonly rows: number;
  readonly nulls: number;
  readonly count: number;
  readonly bytes: number;
  readonly defined: Uint8Array | undefined;
  readonly i32: Int32Array | undefined;
  readonly f32: Float32Array | undefined;
  readonly f64: Float64Array | undefined;
  readonly u8: Uint8Array | undefined;
  readonly data: Uint8Array;
}

export class ColumnBuffer implements ColumnValues {
  readonly name: string;
  readonly type: PhysicalType;
  /** Rows in this group so far, and how many of them are NULL. */
  rows = 0;
  nulls = 0;
  /** Values written (rows - nulls); for BYTE_ARRAY, `bytes` is the PLAIN bytes' length. */
  count = 0;
  bytes = 0;
  /** 1 = defined, 0 = NULL, per row (nullable columns only). */
  readonly defined: Uint8Array | undefined;
  readonly i32: Int32Array | undefined;
  readonly f32: Float32Array | undefined;
  readonly f64: Float64Array | undefined;
  readonly u8: Uint8Array | undefined;
  /** BYTE_ARRAY values as PLAIN: a 4-byte little-endian length, then the bytes. Grows as needed. */
  data: Buffer = Buffer.alloc(0);
  /** Appends field `len` bytes long at `start` of `buf` (len < 0: NULL). */
  readonly append: (buf: Buffer, start: number, len: number) => void;

  constructor(readonly column: ExportColumn, capacity: number, hash: ((id: string) => string) | undefined) {
    this.name = column.name;
    const pseudonymised = hash !== undefined && column.userId;
    this.type = physicalType(column, hash !== undefined);
    this.defined = column.nullable ? new Uint8Array(capacity) : undefined;
    const kind = column.kind;
    let put: (buf: Buffer, s: number, len: number) => void;
    switch (this.type) {
      case 'BOOLEAN': {
        const u8 = (this.u8 = new Uint8Array(capacity));
        put = (buf, s) => { u8[this.count++] = buf[s] === 0 ? 0 : 1; };
        break;
      }
      case 'INT32': {
        const i32 = (this.i32 = new Int32Array(capacity));
        put = kind === 'int16' ? (buf, s) => { i32[this.count++] = buf.readInt16BE(s); }
          : kind === 'date' ? (buf, s) => { i32[this.count++] = dateDays(buf.readInt32BE(s)); }
          : (buf, s) => { i32[this.count++] = buf.readInt32BE(s); };
        break;
      }
      case 'INT64': {
        // Two int32 halves (low first, as little-endian int64 bytes): no BigInt per value.
        const i32 = (this.i32 = new Int32Array(capacity * 2));
        const timestamp = kind === 'timestamptz' || kind === 'timestamp';
        put = (buf, s) => {
          let hi = buf.readInt32BE(s);
          let lo = buf.readUInt32BE(s + 4);
          // PostgreSQL counts from 2000-01-01, Parquet from 1970; +/-infinity (int64 max/min) stay as they are.
          if (timestamp && !isInfinity(hi, lo)) {
            lo += EPOCH_LO;
            hi += EPOCH_HI + (lo >= 4294967296 ? 1 : 0);
          }
          const at = 2 * this.count++;
          i32[at] = lo | 0;
          i32[at + 1] = hi | 0;
        };
        break;
      }
      case 'FLOAT': {
        const f32 = (this.f32 = new Float32Array(capacity));
        put = (buf, s) => { f32[this.count++] = buf.readFloatBE(s); };
        break;
      }
      case 'DOUBLE': {
        const f64 = (this.f64 = new Float64Array(capacity));
        put = (buf, s) => { f64[this.count++] = buf.readDoubleBE(s); };
        break;
      }
      case 'BYTE_ARRAY': {
        // Never from Buffer's shared pool: the row group's memory is handed to the encoding worker whole.
        this.data = Buffer.allocUnsafeSlow(Math.max(64, capacity * 16));
        if (pseudonymised) {
          put = kind === 'uuid'
            ? (buf, s) => this.putText(hash!(readUuid(buf, s)))
            : (buf, s, len) => this.putText(hash!(buf.toString('utf8', s, s + len)));
        } else if (kind === 'uuid') {
          put = (buf, s) => {
            const at = this.room(40);
            this.data.writeUInt32LE(36, at);
            writeUuidText(buf, s, this.data, at + 4);
            this.bytes = at + 40;
            this.count++;
          };
        } else {
          put = (buf, s, len) => {
            const at = this.room(4 + len);
            const data = this.data;
            data.writeUInt32LE(len, at);
            // Levels, labels and short texts: a loop beats Buffer#copy's per-call cost below a few dozen bytes.
            if (len <= SHORT_COPY) for (let i = 0; i < len; i++) data[at + 4 + i] = buf[s + i];
            else buf.copy(data, at + 4, s, s + len);
            this.bytes = at + 4 + len;
            this.count++;
          };
        }
        break;
      }
    }
    const defined = this.defined;
    this.append = defined
      ? (buf, s, len) => {
          if (len < 0) {
            defined[this.rows++] = 0;
            this.nulls++;
          } else {
            defined[this.rows++] = 1;
            put(buf, s, len);
          }
        }
      : (buf, s, len) => {
          if (len < 0) throw new Error(`column ${column.name} is NOT NULL but COPY sent a NULL`);
          this.rows++;
          put(buf, s, len);
        };
  }

  reset(): void {
    this.rows = this.nulls = this.count = this.bytes = 0;
  }

  /** The values as plain data (views of the same memory). */
  values(): ColumnValues {
    const { name, type, rows, nulls, count, bytes, defined, i32, f32, f64, u8, data } = this;
    return { name, type, rows, nulls, count, bytes, defined, i32, f32, f64, u8, data };
  }

  private putText(text: string): void {
    const len = Buffer.byteLength(text, 'utf8');
    const at = this.room(4 + len);
    this.data.writeUInt32LE(len, at);
    this.data.write(text, at + 4, len, 'utf8');
    this.bytes = at + 4 + len;
    this.count++;
  }

  /** Makes room for `n` more bytes of BYTE_ARRAY data; returns where they go. */
  private room(n: number): number {
    const at = this.bytes;
    if (at + n > this.data.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.data.length * 2, at + n));
      this.data.copy(next, 0, 0, at);
      this.data = next;
    }
    return at;
  }
}

/** Up to this many bytes a value is copied byte by byte (measured: Buffer#copy costs ~100 ns a call). */
const SHORT_COPY = 48;

function dateDays(pgDays: number): number {
  // +/-infinity dates (int32 max/min) stay as they are.
  return pgDays === 2147483647 || pgDays === -2147483648 ? pgDays : pgDays + DAYS_1970_TO_2000;
}

function isInfinity(hi: number, lo: number): boolean {
  return (hi === 2147483647 && lo === 4294967295) || (hi === -2147483648 && lo === 0);
}
