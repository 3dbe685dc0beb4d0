// Runs the built CLI (bin/aura-miner.js -> dist) as a user would, in a clean temp folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { tempDir } from './temp-dir.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd = tempDir('aura-cli-')): Promise<CliResult> {
  return startCli(args, env, cwd).result;
}

/** Starts the built CLI and answers at once: the child (to signal it) and its result when it exits. */
export function startCli(args: string[], env: Record<string, string> = {}, cwd = tempDir('aura-cli-')): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'aura-miner.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, result };
}

export function dbEnv(urls: { analytics: string; auth: string; social: string; messaging: string }): Record<string, string> {
  return { DATABASE_URL_ANALYTICS: urls.analytics, DATABASE_URL_AUTH: urls.auth, DATABASE_URL_SOCIAL: urls.social, DATABASE_URL_MESSAGING: urls.messaging };
}
