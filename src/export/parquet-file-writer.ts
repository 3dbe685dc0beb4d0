// A Parquet file written one row group at a time: `PAR1`, the column chunks of each group as they are encoded
// (parquet-chunk-encoder.ts), then the footer (hyparquet-writer's thrift FileMetaData writer) and `PAR1`.
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { encodeChunk, type Compress } from './parquet-chunk-encoder.js';
import type { ColumnBuffer } from './parquet-column-buffer.js';
import type { FileSink } from './parquet-file-sink.js';

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

  /**
   * Encodes one row group (every buffer holds the same rows) and appends it. `dictionary[i]`: may column i
   * try a dictionary. The buffers can be reset once this returns.
   */
  async writeRowGroup(columns: readonly ColumnBuffer[], dictionary: readonly boolean[]): Promise<void> {
    const rows = columns[0]?.rows ?? 0;
    const start = this.offset;
    const parts: Uint8Array[] = [];
    const chunks: Record<string, unknown>[] = [];
    let at = start;
    let uncompressed = 0;
    for (const [i, col] of columns.entries()) {
      if (col.rows !== rows) throw new Error(`row group: column ${col.column.name} has ${col.rows} rows, expected ${rows}`);
      const enc = encodeChunk(col, dictionary[i], this.compress);
      chunks.push({
        file_offset: BigInt(at),
        meta_data: {
          type: col.type,
          encodings: enc.encodings,
          path_in_schema: [col.column.name],
          codec: 'SNAPPY',
          num_values: BigInt(rows),
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
    this.rowGroups.push({ columns: chunks, total_byte_size: BigInt(uncompressed), num_rows: BigInt(rows), file_offset: BigInt(start), total_compressed_size: BigInt(at - start) });
    this.numRows += rows;
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
