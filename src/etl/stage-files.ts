// Stage directories (extract --out, transform --out): CSV files with a sha256 each and a manifest.json.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseCopyCsv } from '../db/copy-csv-parser.js';
import { ConfigError } from '../errors.js';
import { jsonErrorLine } from '../json-error-line.js';

export interface FileEntry {
  name: string;
  file: string;
  rows: number;
  sha256: string;
}

/** Writes CSV chunks to a file, counting data lines and hashing the bytes. */
export async function writeCsvFile(dir: string, file: string, chunks: AsyncIterable<string> | Iterable<string>, headerLines = 1): Promise<Omit<FileEntry, 'name'>> {
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(join(dir, file));
  const hash = createHash('sha256');
  let lines = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { file, rows: Math.max(0, lines - headerLines), sha256: hash.digest('hex') };
}

/** Reads a stage CSV (header skipped) as batches of records; unquoted empty fields are NULL, as from COPY. */
export function readCsvRecords(dir: string, file: string): AsyncIterable<(string | null)[][]> {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ConfigError(`missing stage file ${path}`);
  return skipFirst(parseCopyCsv(createReadStream(path, { highWaterMark: 1 << 20 })));
}

async function* skipFirst<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  let first = true;
  for await (const batch of batches) {
    if (first) {
      first = false;
      if (batch.length > 1) yield batch.slice(1);
    } else yield batch;
  }
}

export function fileStream(dir: string, file: string): NodeJS.ReadableStream {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ConfigError(`missing stage file ${path}`);
  return createReadStream(path);
}

export async function verifySha256(dir: string, entry: FileEntry): Promise<void> {
  if (!existsSync(join(dir, entry.file))) throw new ConfigError(`${dir} has no ${entry.file} (manifest.json lists it)`);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(join(dir, entry.file))) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== entry.sha256) throw new ConfigError(`${entry.file} in ${dir} does not match its sha256 in manifest.json (edited or truncated?)`);
}

export function writeManifest(dir: string, manifest: object): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

export function readManifest<T extends { kind: string }>(dir: string, kind: T['kind']): T {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new ConfigError(`${dir} has no manifest.json (expected the output of aura-miner ${kind.replace('aura-miner-', '')})`);
  const text = readFileSync(path, 'utf8');
  const bad = jsonErrorLine(text);
  if (bad !== undefined) throw new ConfigError(`${path} is not valid JSON (line ${bad})`);
  const m = JSON.parse(text) as T;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new ConfigError(`${path} must hold a JSON object`);
  if (m.kind !== kind) throw new ConfigError(`${path} is a ${JSON.stringify(String(m.kind).slice(0, 40))} manifest, expected "${kind}"`);
  return m;
}
