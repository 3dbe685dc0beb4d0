// A streaming parser for PostgreSQL's COPY CSV: quoted values, "" escapes, unquoted empty = NULL.
//
// Why not csv-parse: measured on 101,130 COPY rows (10 MB of Spanish messages) on this machine,
// csv-parse 7 took 1.5 s plain and 3.4-9.6 s with the cast function NULL detection needs (3-7 MB/s);
// this parser, which jumps between quotes with indexOf, reads the same rows in well under 0.1 s.
import { StringDecoder } from 'node:string_decoder';

export type CsvRecord = (string | null)[];

const enum State {
  FieldStart,
  Quoted,
  QuoteSeen,
  Unquoted,
}

export class CopyCsvParser {
  private state = State.FieldStart;
  private field = '';
  private record: CsvRecord = [];
  private readonly decoder = new StringDecoder('utf8');

  /** Parses one chunk (rows may be split anywhere, even inside a UTF-8 character); returns complete records. */
  push(chunk: Buffer | string): CsvRecord[] {
    const s = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: CsvRecord[] = [];
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case State.FieldStart: {
          const c = s.charCodeAt(i);
          if (c === 34 /* " */) {
            this.state = State.Quoted;
            i++;
          } else if (c === 44 /* , */) {
            this.record.push(null);
            i++;
          } else if (c === 10 /* \n */) {
            this.record.push(null);
            out.push(this.record);
            this.record = [];
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        }
        case State.Quoted: {
          const j = s.indexOf('"', i);
          if (j === -1) {
            this.field += s.slice(i);
            i = n;
          } else {
            this.field += s.slice(i, j);
            i = j + 1;
            this.state = State.QuoteSeen;
          }
          break;
        }
        case State.QuoteSeen: {
          const c = s.charCodeAt(i);
          if (c === 34) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
          } else {
            i = this.endField(s, i, this.field, out);
          }
          break;
        }
        case State.Unquoted: {
          let j = i;
          while (j < n) {
            const c = s.charCodeAt(j);
            if (c === 44 || c === 10) break;
            j++;
          }
          this.field += s.slice(i, j);
          if (j === n) {
            i = n;
          } else {
            i = this.endField(s, j, this.field === '' ? null : this.field, out);
          }
          break;
        }
      }
    }
    return out;
  }

  /** Flushes a last record without a trailing newline. */
  end(): CsvRecord[] {
    const rest = this.push(this.decoder.end());
    if (this.state === State.QuoteSeen || this.state === State.Unquoted || this.record.length) {
      const value = this.state === State.FieldStart ? null : this.state === State.Unquoted && this.field === '' ? null : this.field;
      this.record.push(value);
      rest.push(this.record);
      this.record = [];
      this.field = '';
      this.state = State.FieldStart;
    }
    return rest;
  }

  /** At the delimiter after a field: store it; a newline also ends the record (COPY writes \n, never \r\n). */
  private endField(s: string, i: number, value: string | null, out: CsvRecord[]): number {
    this.record.push(value);
    this.field = '';
    this.state = State.FieldStart;
    if (s.charCodeAt(i) === 10) {
      out.push(this.record);
      this.record = [];
    }
    return i + 1;
  }
}

/**
 * Parses a byte stream of COPY CSV into batches of records, one batch per chunk: yielding per record
 * through a chain of async generators cost more (promises, GC) than parsing itself.
 */
export async function* parseCopyCsv(source: AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord[]> {
  const parser = new CopyCsvParser();
  for await (const chunk of source) {
    const recs = parser.push(chunk);
    if (recs.length) yield recs;
  }
  const last = parser.end();
  if (last.length) yield last;
}
