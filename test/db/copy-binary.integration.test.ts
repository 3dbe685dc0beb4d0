import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { CopyBinaryWriter, parseCopyBinary, PG_EPOCH_US, readInt64, readUuid, type BinaryTuple } from '../../src/db/copy-binary.js';
import { copyIn, copyOutBinary } from '../../src/db/copy.js';
import type { VectorTable } from '../../src/etl/transform.js';
import { vectorBinaryChunks, vectorCsvChunks, type VectorSqlType } from '../../src/etl/vector-csv.js';
import { createTestDatabases, stopTestServer, type TestDatabases } from '../support/databases.js';

let dbs: TestDatabases;
let client: pg.Client;

before(async () => {
  dbs = await createTestDatabases();
  client = new pg.Client({ connectionString: dbs.analytics, options: '-c TimeZone=UTC' });
  await client.connect();
});
after(async () => {
  await client.end();
  await dbs.drop();
  await stopTestServer();
});

// Values binary COPY must carry exactly: negative and 2^53-range integers, timestamps before 2000 and with
// microseconds, NULLs, empty text, multi-byte UTF-8 and a text longer than a COPY chunk.
const ROWS_SQL = `SELECT * FROM (VALUES
  (1::bigint, '54acea80-8ea2-4b54-846f-73fe2ef53f50'::uuid, '2026-05-23 19:50:38.123456+00'::timestamptz, true, 'hola'::text),
  (-7, NULL, '1999-12-31 23:59:59.999999+00', false, ''),
  (9007199254740991, 'ffffffff-0000-4000-8000-00000000000a', '1970-01-01 00:00:00+00', NULL, 'ñandú 😢💔 áéíóú'),
  (4, '00000000-0000-0000-0000-000000000000', NULL, true, NULL),
  (5, '12345678-9abc-def0-1234-56789abcdef0', '2038-01-19 03:14:08+00', false, repeat('x', 100000))
) v(id, u, ts, b, t) ORDER BY id`;

interface Row {
  id: number;
  u: string | null;
  us: number | null;
  b: boolean | null;
  t: string | null;
}

function decode({ buf, start, len }: BinaryTuple): Row {
  return {
    id: readInt64(buf, start[0]),
    u: len[1] < 0 ? null : readUuid(buf, start[1]),
    us: len[2] < 0 ? null : readInt64(buf, start[2]) + PG_EPOCH_US,
    b: len[3] < 0 ? null : buf[start[3]] === 1,
    t: len[4] < 0 ? null : buf.toString('utf8', start[4], start[4] + len[4]),
  };
}

async function expected(): Promise<Row[]> {
  const { rows } = await client.query(
    `SELECT id::text, u::text, (extract(epoch FROM ts) * 1000000)::bigint::text AS us, b, t FROM (${ROWS_SQL}) x ORDER BY id`,
  );
  return rows.map((r) => ({ id: Number(r.id), u: r.u, us: r.us === null ? null : Number(r.us), b: r.b, t: r.t }));
}

async function rawBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of client.query(copyTo(`COPY (${ROWS_SQL}) TO STDOUT WITH (FORMAT binary)`))) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function parsePieces(bytes: Buffer, cuts: number[]): Promise<Row[]> {
  async function* pieces() {
    let prev = 0;
    for (const c of [...cuts, bytes.length]) {
      yield bytes.subarray(prev, c);
      prev = c;
    }
  }
  const out: Row[] = [];
  for await (const batch of parseCopyBinary(pieces(), 5, decode)) out.push(...batch);
  return out;
}

test('binary COPY out of a real server decodes every type exactly, also when read through copyOutBinary', async () => {
  const want = await expected();
  const got: Row[] = [];
  for await (const batch of copyOutBinary(client, ROWS_SQL, 5, decode)) got.push(...batch);
  assert.deepEqual(got, want);
});

test('tuples split anywhere across chunks, even inside the header or a UTF-8 character, decode the same', async () => {
  const bytes = await rawBytes();
  const want = await expected();
  for (const cut of [1, 5, 11, 15, 19, 20, 21, 25, 40, 60, 90, 120, 150, 200, 50_000, bytes.length - 3, bytes.length - 1]) {
    assert.deepEqual(await parsePieces(bytes, [cut]), want, `cut at ${cut}`);
  }
  const small = bytes.subarray(0, 300);
  const cuts = Array.from({ length: 299 }, (_, i) => i + 1);
  await assert.rejects(parsePieces(small, cuts), /ended early/, 'a stream cut off mid-tuple is an error, not fewer rows');
});

test('a stream with the wrong field count or no signature is refused', async () => {
  const bytes = await rawBytes();
  await assert.rejects(async () => {
    for await (const _ of parseCopyBinary((async function* () { yield bytes; })(), 4, decode));
  }, /4/);
  await assert.rejects(async () => {
    for await (const _ of parseCopyBinary((async function* () { yield Buffer.from('1,2,3\n'.repeat(10)); })(), 5, decode));
  }, /not a binary COPY stream/);
});

test('CopyBinaryWriter rows load through COPY FROM (binary) with every value intact', async () => {
  await client.query(`CREATE TEMP TABLE w (a smallint, b bigint, c uuid, d real, e timestamptz)`);
  const w = new CopyBinaryWriter();
  const us = Date.UTC(2026, 4, 23, 19, 50, 38) * 1000 + 123_456;
  w.row(5).int2(3).int8(9007199254740991).uuid('54ACEA80-8ea2-4b54-846f-73fe2ef53f50').float4(0.148388).timestampUs(us);
  w.row(5).int2(-2).int8(-42).null().null().timestampUs(Date.UTC(1999, 11, 31) * 1000);
  const first = w.take();
  for (let i = 0; i < 5000; i++) w.row(5).int2(1).int8(i).uuid('00000000-0000-0000-0000-000000000001').float4(i / 5000).null();
  const n = await copyIn(client, 'w (a, b, c, d, e)', [first, w.take()], { format: 'binary' });
  assert.equal(n, 5002);
  const { rows } = await client.query(`SELECT a, b::text, c::text, d, (extract(epoch FROM e) * 1000000)::bigint::text AS e FROM w ORDER BY b LIMIT 3`);
  assert.deepEqual(rows[0], { a: -2, b: '-42', c: null, d: null, e: String(Date.UTC(1999, 11, 31) * 1000) });
  assert.deepEqual(rows[1], { a: 1, b: '0', c: '00000000-0000-0000-0000-000000000001', d: 0, e: null });
  const big = await client.query(`SELECT a, c::text, d, (extract(epoch FROM e) * 1000000)::bigint::text AS e FROM w WHERE b = 9007199254740991`);
  assert.deepEqual(big.rows[0], { a: 3, c: '54acea80-8ea2-4b54-846f-73fe2ef53f50', d: 0.148388, e: String(us) });
  assert.throws(() => new CopyBinaryWriter().row(1).uuid('54acea80-8ea2-4b54-846f-73fe2ef53f5'), /not a uuid/);
  assert.throws(() => new CopyBinaryWriter().row(1).uuid('54acea80-8ea2-4b54-846f-73fe2ef53fzz'), /not a uuid/);
});

test('vectors staged as binary COPY load exactly as their CSV does (doubles, booleans, NULLs, last_seen_at)', async () => {
  const columns = ['user_id_raiz', 'ratio', 'flag', 'n', 'last_seen_at'];
  const types: VectorSqlType[] = ['uuid', 'double precision', 'boolean', 'integer', 'timestamptz'];
  const v: VectorTable = {
    columns,
    rows: 3,
    data: {
      user_id_raiz: ['54acea80-8ea2-4b54-846f-73fe2ef53f50', '00000000-0000-0000-0000-000000000001', 'ffffffff-0000-4000-8000-00000000000a'],
      ratio: Float64Array.from([0.1 + 0.2, 1 / 3, 5e-324]),
      flag: [true, false, null],
      n: Int32Array.from([0, -5, 2147483647]),
      last_seen_at: ['2026-05-23T19:50:38.123Z', null, '1999-12-31T23:59:59.999Z'],
    },
  };
  const sql = types.map((t, i) => `${columns[i]} ${t}`).join(', ');
  await client.query(`CREATE TEMP TABLE vb (${sql}); CREATE TEMP TABLE vc (${sql})`);
  assert.equal(await copyIn(client, 'vb', vectorBinaryChunks(v, types), { format: 'binary' }), 3);
  assert.equal(await copyIn(client, 'vc', vectorCsvChunks(v)), 3);
  const read = async (t: string) =>
    (await client.query(`SELECT user_id_raiz::text, ratio::text, flag, n, (extract(epoch FROM last_seen_at) * 1e6)::bigint::text AS us FROM ${t} ORDER BY user_id_raiz`)).rows;
  const binary = await read('vb');
  assert.deepEqual(binary, await read('vc'));
  // Ordered by uuid: 0000..., 54ac..., ffff...
  assert.deepEqual(binary[1], { user_id_raiz: '54acea80-8ea2-4b54-846f-73fe2ef53f50', ratio: String(0.1 + 0.2), flag: true, n: 0, us: String(Date.UTC(2026, 4, 23, 19, 50, 38, 123) * 1000) });
  assert.deepEqual(binary[0], { user_id_raiz: '00000000-0000-0000-0000-000000000001', ratio: String(1 / 3), flag: false, n: -5, us: null });
  assert.equal(binary[2].ratio, '5e-324');
  assert.equal(binary[2].flag, null);
  assert.throws(() => [...vectorBinaryChunks(v, types.slice(1))], /4 column types for 5 vector columns/);
});
