// Resolves where the transformer model comes from (a local folder or a Hub id) and the model name its scores are stored under.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';

/** Files every model folder needs besides its ONNX graph. */
export const REQUIRED_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
/** Graphs looked for, in order: full precision first, as exported by Optimum or published by Xenova. */
export const ONNX_MODEL_FILES = [
  { file: 'onnx/model.onnx', dtype: 'fp32' },
  { file: 'onnx/model_quantized.onnx', dtype: 'q8' },
] as const;
/** Where Hub downloads go when NLP_CACHE_DIR is unset. */
export const DEFAULT_MODEL_CACHE_DIR = join(homedir(), '.cache', 'aura-miner', 'models');
/** Hex digits of the folder fingerprint kept in the model name. */
const FINGERPRINT_LENGTH = 12;

export type ModelSource =
  | {
    kind: 'folder';
    /** Absolute path of the folder. */
    path: string;
    onnxFile: string;
    dtype: 'fp32' | 'q8';
    /** Graphs over 2 GB keep their weights in `<file>_data` next to them. */
    externalData: boolean;
    modelName: string;
  }
  | { kind: 'hub'; id: string; cacheDir: string; modelName: string };

/** NLP_MODEL_PATH set: that folder, never the network. Otherwise the Hub id NLP_MODEL_NAME, cached in NLP_CACHE_DIR. */
export function resolveModelSource(nlp: Config['nlp']): ModelSource {
  if (nlp.modelPath === undefined) {
    return { kind: 'hub', id: nlp.modelName, cacheDir: nlp.cacheDir ?? DEFAULT_MODEL_CACHE_DIR, modelName: nlp.modelName };
  }
  const path = resolve(nlp.modelPath);
  const { file, dtype } = inspectModelFolder(path);
  const externalData = existsSync(join(path, `${file}_data`));
  return { kind: 'folder', path, onnxFile: file, dtype, externalData, modelName: nameModelFolder(path, file, externalData) };
}

/** Checks the folder holds a loadable model; the error names every missing file and the fix, in one line. */
export function inspectModelFolder(path: string): (typeof ONNX_MODEL_FILES)[number] {
  const fix = 'export one with Optimum (optimum-cli export onnx --task text-classification) or copy a ready ONNX model there (README, "Transformer models"), or use NLP_BACKEND=lexicon';
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new ConfigError(`NLP_MODEL_PATH ${path} is not a folder; ${fix}`);
  const missing: string[] = REQUIRED_MODEL_FILES.filter((file) => !existsSync(join(path, file)));
  const onnx = ONNX_MODEL_FILES.find(({ file }) => existsSync(join(path, file)));
  if (onnx === undefined) missing.push(ONNX_MODEL_FILES.map(({ file }) => file).join(' or '));
  if (missing.length) throw new ConfigError(`NLP_MODEL_PATH ${path} lacks ${missing.join(', ')}; ${fix}`);
  return onnx!;
}

/**
 * `local:<folder name>@<fingerprint>`: the fingerprint is a SHA-256 of the config, tokenizer and graph bytes, so
 * new weights (same size, often the same folder name) re-score every text, while copying the folder elsewhere
 * (new path, new mtimes: a container image) does not. Hashing a BERT-base graph takes about a second; it is done
 * once per process and folder.
 */
export function nameModelFolder(path: string, onnxFile: string, externalData: boolean): string {
  const files = [...REQUIRED_MODEL_FILES, onnxFile, ...(externalData ? [`${onnxFile}_data`] : [])].map((file) => join(path, file));
  const stamp = files.map((file) => {
    const stat = statSync(file);
    return `${file}:${stat.size}:${stat.mtimeMs}`;
  }).join('|');
  let name = folderNames.get(stamp);
  if (name === undefined) {
    name = `local:${basename(path)}@${hashFiles(files).slice(0, FINGERPRINT_LENGTH)}`;
    folderNames.set(stamp, name);
  }
  return name;
}

/** Memo of folder names by path, size and mtime of their files, so a run hashes each folder once. */
const folderNames = new Map<string, string>();

function hashFiles(files: readonly string[]): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(4 << 20);
  for (const file of files) {
    hash.update(`${basename(file)}\0`);
    const fd = openSync(file, 'r');
    try {
      let read: number;
      while ((read = readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, read));
    } finally {
      closeSync(fd);
    }
  }
  return hash.digest('hex');
}
