// A Parquet file written one row group at a time: `PAR1`, the column chunks of each group as they are encoded
// (parquet-chunk-encoder.ts, here or in a worker: encodeRowGroup is pure), then the footer (hyparquet-writer's thrift FileMetaData writer) and `PAR1`.
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { encodeChunk, type Compress, type EncodedChunk } from './parquet-chunk-encoder.js';
import type { ColumnValues, PhysicalType } from './parquet-column-buffer.js';
import type { FileSink } from './parquet-file-sink.js';

/** One row group's column chunks, encoded (here or in a worker: plain data, no functions). */
export interface EncodedRowGroup {
  rows: number;
  chunks: { name: string; type: PhysicalType; chunk: EncodedChunk }[];
}

/** Encodes one row group; every column must hold the same rows. `dictionary[i]`: may column i try one. */
export function encodeRowGroup(columns: readonly ColumnValues[], dictionary: readonly boolean[], compress: Compress): EncodedRowGroup {
  const rows = columns[0]?.rows ?? 0;
  return {
    rows,
    chunks: columns.map((col, i) => {
      if (col.rows !== rows) throw new Error(`row group: column ${col.name} has ${col.rows} rows, expected ${rows}`);
      return { name: col.name, type: col.type, chunk: encodeChunk(col, dictionary[i], compress) };
    }),
  };
}

const MAGIC = Uint8Array.from([0x50, 0x41, 0x52, 0x31]); // PAR1

export class ParquetFileWriter {
  private offset = 0;
  private numRows = 0;
  private readonly rowGroups: Record<string, unknown>[] = [];

  private constructor(
    private readonly sink: FileSink,
    private readonly schema: Record<string, unknown>[],
    private readonly createdBy: string,
    private readonly compress: Compress,
  ) {}

  static async open(sink: FileSink, schema: Record<string, unknown>[], createdBy: string, compress: Compress): Promise<ParquetFileWriter> {
    const w = new ParquetFileWriter(sink, schema, createdBy, compress);
    await w.put([MAGIC]);
    return w;
  }

  /** Encodes one row group here and appends it (the buffers can be reset once this returns). */
  async writeRowGroup(columns: readonly ColumnValues[], dictionary: readonly boolean[]): Promise<void> {
    await this.append(encodeRowGroup(columns, dictionary, this.compress));
  }

  /** Appends a row group encoded here or in a worker; groups must come in order. */
  async append(group: EncodedRowGroup): Promise<void> {
    const start = this.offset;
    const parts: Uint8Array[] = [];
    const chunks: Record<string, unknown>[] = [];
    let at = start;
    let uncompressed = 0;
    for (const { name, type, chunk: enc } of group.chunks) {
      chunks.push({
        file_offset: BigInt(at),
        meta_data: {
          type,
          encodings: enc.encodings,
          path_in_schema: [name],
          codec: 'SNAPPY',
          num_values: BigInt(group.rows),
          total_uncompressed_size: BigInt(enc.uncompressedBytes),
          total_compressed_size: BigInt(enc.bytes),
          data_page_offset: BigInt(at + enc.dataPageOffset),
          dictionary_page_offset: enc.hasDictionary ? BigInt(at) : undefined,
          statistics: enc.statistics,
        },
      });
      parts.push(...enc.parts);
      at += enc.bytes;
      uncompressed += enc.uncompressedBytes;
    }
    this.rowGroups.push({ columns: chunks, total_byte_size: BigInt(uncompressed), num_rows: BigInt(group.rows), file_offset: BigInt(start), total_compressed_size: BigInt(at - start) });
    this.numRows += group.rows;
    await this.put(parts);
  }

  /** Writes the footer. */
  async finish(): Promise<void> {
    const w = new ByteWriter(1 << 16);
    writeMetadata(w, { version: 2, created_by: this.createdBy, schema: this.schema, num_rows: BigInt(this.numRows), row_groups: this.rowGroups } as never);
    w.appendBytes(MAGIC);
    await this.put([new Uint8Array(w.buffer, 0, w.index)]);
  }

  private async put(parts: Uint8Array[]): Promise<void> {
    for (const p of parts) this.offset += p.length;
    await this.sink.write(parts);
  }
}
