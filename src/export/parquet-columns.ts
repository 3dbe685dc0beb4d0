// The exported columns of a table, read from the catalog (so a column added by a later migration or by `load`'s
// one-hot tags flows into the lake without a code change), and how each PostgreSQL type becomes a Parquet column:
// the SQL expression COPY reads and the Parquet schema element (parquet-column-buffer.ts decodes the fields).
import { createHmac } from 'node:crypto';
import type pg from 'pg';

/** Never exported, whatever table they appear in: free text, blobs, chart payloads (which sample users). */
export const DENIED_COLUMNS: ReadonlySet<string> = new Set(['error', 'model_gzip', 'chart_data']);
/** Types never exported (raw bytes could hold anything). */
const DENIED_TYPES: ReadonlySet<string> = new Set(['bytea']);

export type ParquetKind = 'boolean' | 'int16' | 'int32' | 'int64' | 'float' | 'double' | 'timestamptz' | 'timestamp' | 'date' | 'uuid' | 'string' | 'json';

export interface ExportColumn {
  name: string;
  /** The PostgreSQL type as format_type prints it. */
  pgType: string;
  /** pg_type.typname (int4, jsonb, ...). */
  typname: string;
  kind: ParquetKind;
  nullable: boolean;
  /** Replaced by a keyed hash under --pseudonymise (a user id). */
  userId: boolean;
}

const KIND_BY_TYPE: Record<string, ParquetKind> = {
  bool: 'boolean', int2: 'int16', int4: 'int32', int8: 'int64', float4: 'float', float8: 'double', numeric: 'double',
  timestamptz: 'timestamptz', timestamp: 'timestamp', date: 'date', uuid: 'uuid', text: 'string', varchar: 'string',
  bpchar: 'string', name: 'string', json: 'json', jsonb: 'json',
};

/** Columns of `table` in catalog order, without the denied ones; every other type is exported as its text form. */
export async function readExportColumns(client: pg.ClientBase, table: string): Promise<ExportColumn[]> {
  const { rows } = await client.query<{ name: string; pg_type: string; typname: string; nullable: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS pg_type, t.typname, NOT a.attnotnull AS nullable
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [table],
  );
  return rows
    .filter((r) => !DENIED_COLUMNS.has(r.name) && !DENIED_TYPES.has(r.typname))
    .map((r) => ({ name: r.name, pgType: r.pg_type, typname: r.typname, kind: KIND_BY_TYPE[r.typname] ?? 'string', nullable: r.nullable, userId: isUserIdColumn(r.name, r.typname) }));
}

/** user_id_raiz, user_id, and any uuid column naming a user. */
function isUserIdColumn(name: string, typname: string): boolean {
  return /(^|_)user_id(_|$)/.test(name) || (typname === 'uuid' && name.includes('user'));
}

/** The expression COPY reads for a column: types without a binary decoder here travel as text. */
export function selectExpression(c: ExportColumn): string {
  const id = quoteIdent(c.name);
  if (c.typname === 'numeric') return `${id}::float8`;
  return c.kind === 'json' || c.kind === 'string' ? `${id}::text` : id;
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** The Parquet schema element of a column (hyparquet-writer's SchemaElement). */
export function schemaElement(c: ExportColumn, pseudonymised: boolean): Record<string, unknown> {
  const repetition_type = c.nullable ? 'OPTIONAL' : 'REQUIRED';
  const el = (rest: Record<string, unknown>) => ({ name: c.name, repetition_type, ...rest });
  if (c.userId && pseudonymised) return el({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
  switch (c.kind) {
    case 'boolean': return el({ type: 'BOOLEAN' });
    case 'int16': return el({ type: 'INT32', converted_type: 'INT_16' });
    case 'int32': return el({ type: 'INT32' });
    case 'int64': return el({ type: 'INT64' });
    case 'float': return el({ type: 'FLOAT' });
    case 'double': return el({ type: 'DOUBLE' });
    case 'timestamptz': return el({ type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } });
    case 'timestamp': return el({ type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } });
    case 'date': return el({ type: 'INT32', converted_type: 'DATE' });
    case 'json': return el({ type: 'BYTE_ARRAY', logical_type: { type: 'JSON' } });
    case 'uuid':
    case 'string': return el({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
  }
}

/** The type a reader sees, for the manifest. */
export function parquetTypeName(c: ExportColumn, pseudonymised: boolean): string {
  if (c.userId && pseudonymised) return 'string (HMAC-SHA256 hex)';
  return { boolean: 'boolean', int16: 'int16', int32: 'int32', int64: 'int64', float: 'float', double: 'double', timestamptz: 'timestamp[us, UTC]', timestamp: 'timestamp[us]', date: 'date', uuid: 'string (uuid)', string: 'string', json: 'json' }[c.kind];
}

/** Keyed hash of a user id: HMAC-SHA256 of its canonical text form, hex. Stable for one key. */
export function pseudonymiser(key: string): (id: string) => string {
  return (id) => createHmac('sha256', key).update(id).digest('hex');
}
