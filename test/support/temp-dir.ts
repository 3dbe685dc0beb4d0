// Temporary folders for tests, removed when the test file's process exits (passed or failed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.push(dir) === 1) process.on('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return dir;
}
