// Where every bench writes its figures: bench/results/<name>, pretty JSON with a final newline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';

export const RESULTS_DIR = join(PACKAGE_ROOT, 'bench', 'results');

/** Writes `report` to bench/results/<name> and returns the file's path. */
export function writeResult(name: string, report: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  writeFileSync(path, JSON.stringify(report, null, 2) + '\n');
  return path;
}
