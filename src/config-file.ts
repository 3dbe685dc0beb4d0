// --config FILE: a JSON object (.json) or KEY=VALUE lines, else exit 2 naming the file and a line, never its content.
import { readFileSync, statSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { ConfigError } from './errors.js';
import { userPathError } from './fs-errors.js';
import { jsonErrorLine } from './json-error-line.js';

export function loadConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new ConfigError(`config file ${path} is a folder, not a file`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const plain = userPathError(err);
    throw plain ? new ConfigError(`config file ${plain.message}`) : err;
  }
  return parseConfigText(path, text);
}

/** `path` only chooses the format and names the file in errors. */
export function parseConfigText(path: string, text: string): Record<string, unknown> {
  const body = text.replace(/^\uFEFF/, '');
  return path.toLowerCase().endsWith('.json') ? parseJsonConfig(path, body) : parseKeyValueConfig(path, body);
}

function parseJsonConfig(path: string, text: string): Record<string, unknown> {
  const bad = jsonErrorLine(text);
  if (bad !== undefined) throw new ConfigError(`config file ${path} is not valid JSON (line ${bad})`);
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`config file ${path} must hold a JSON object of settings, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`} (line ${lineOf(text, text.search(/\S/))})`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object') {
      throw new ConfigError(`config file ${path}: the value of a setting must be a string, number or boolean (line ${lineOf(text, text.indexOf(JSON.stringify(key)))})`);
    }
  }
  return value as Record<string, unknown>;
}

/** A name, `=`, then a value; a quoted value ends on its line. Blank lines and `#` comments are skipped. */
const KEY_VALUE = /^(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^"'`\s#][^#]*|)\s*(#.*)?$/;

function parseKeyValueConfig(path: string, text: string): Record<string, unknown> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!KEY_VALUE.test(line)) throw new ConfigError(`config file ${path} line ${i + 1} is not a KEY=VALUE line (a file not ending in .json holds KEY=VALUE lines)`);
  }
  return parseDotenv(text);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text[i] === '\n') line++;
  return line;
}
