// Streams generated rows into one table with COPY, in CSV chunks, reporting progress per chunk.
import type pg from 'pg';
import { copyIn, csvLine, type CsvValue } from '../db/copy.js';

/** Bytes per chunk handed to COPY: large enough to amortise, small enough to stay bounded. */
const CHUNK_BYTES = 256 * 1024;

/** Called as rows are handed to COPY: `rows` is the number written since the table's previous call. */
export type ProgressFn = (p: { table: string; rows: number }) => void;

/**
 * COPY `rows` into `target` (a table name with its column list). Rows are produced lazily as COPY
 * pulls chunks, so a table of millions of rows never exists in memory at once. Lines are encoded
 * straight into a Buffer: concatenating them into one string first and encoding that (a rope
 * flatten) cost more CPU than generating the rows.
 */
export async function copyRows(
  client: pg.ClientBase,
  target: string,
  table: string,
  rows: Iterable<readonly CsvValue[]>,
  onProgress?: ProgressFn,
): Promise<number> {
  let count = 0;
  let reported = 0;
  const report = () => {
    if (count > reported) onProgress?.({ table, rows: count - reported });
    reported = count;
  };
  function* chunks(): Generator<Buffer> {
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    for (const row of rows) {
      const line = csvLine(row);
      // UTF-8 needs at most 3 bytes per UTF-16 code unit.
      if (used + line.length * 3 > chunk.length) {
        if (used) {
          yield chunk.subarray(0, used);
          report();
        }
        chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, line.length * 3));
        used = 0;
      }
      used += chunk.write(line, used);
      count++;
    }
    if (used) yield chunk.subarray(0, used);
  }
  const copied = await copyIn(client, target, chunks());
  report();
  return copied;
}

/**
 * Rows were copied with explicit ids; move each bigserial sequence past the largest id so that
 * later INSERTs (the production services, `watch` tests) do not collide with seeded rows.
 */
export async function syncSequences(client: pg.ClientBase, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const id = client.escapeIdentifier(table);
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT max(id) FROM ${id}), 0) + 1, false)`,
      [table],
    );
  }
}
