import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { CopyCsvParser } from '../../src/db/copy-csv-parser.js';
import { csvLine } from '../../src/db/copy.js';

const ROWS: (string | null)[][] = [
  ['1', 'hola', null, 'línea con "comillas", comas y\nsaltos de línea'],
  ['2', '', null, 'ñandú 😢💔 acentos áéíóú'],
  ['3', '"', '""', ',\n,'],
  ['4', 'x'.repeat(5000), null, null],
];

function parseInPieces(text: string, cuts: number[]): (string | null)[][] {
  const p = new CopyCsvParser();
  const bytes = Buffer.from(text, 'utf8');
  const out: (string | null)[][] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(...p.push(bytes.subarray(prev, c)));
    prev = c;
  }
  out.push(...p.end());
  return out;
}

test('round-trips quoted values, "" escapes, newlines, emoji and NULL (unquoted empty)', () => {
  const text = ROWS.map((r) => csvLine(r)).join('');
  assert.deepEqual(parseInPieces(text, []), ROWS);
});

test('rows split anywhere, even inside a UTF-8 character, parse the same', () => {
  const text = ROWS.map((r) => csvLine(r)).join('');
  const len = Buffer.byteLength(text);
  for (let cut = 1; cut < len; cut += 7) assert.deepEqual(parseInPieces(text, [cut]), ROWS, `cut at ${cut}`);
  assert.deepEqual(parseInPieces(text, Array.from({ length: len - 1 }, (_, i) => i + 1)), ROWS, 'one byte at a time');
});

test('agrees with csv-parse on values (csv-parse cannot tell NULL from empty, so compare as strings)', () => {
  const text = ROWS.map((r) => csvLine(r)).join('') + '5,6,t,f\n"a",,"",\n';
  const ours = parseInPieces(text, [13, 200]).map((r) => r.map((v) => v ?? ''));
  assert.deepEqual(ours, parse(text, { relax_column_count: true }));
});

test('unquoted values (numbers, booleans) and a last line without newline', () => {
  assert.deepEqual(parseInPieces('1,2.5,t\n3,,f', [3]), [['1', '2.5', 't'], ['3', null, 'f']]);
});
