// The layers of src/ (README "Architecture"): no import points from a lower layer to a higher one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../src/paths.js';

/** Rank of each top-level folder (or root file) of src/: a file may import only from its own rank or below. */
const LAYERS: Record<string, number> = {
  // What every stage shares; the files at the root of src/ other than index.ts are the process-wide basics
  // (config, logging, errors, paths, progress) and rank with it.
  model: 0,
  // Pools, COPY codecs, migrations, withLockedRun, the LISTEN client.
  db: 1,
  // The stages, each a core function over a pool.
  etl: 2, nlp: 2, cluster: 2, synth: 2, export: 2,
  // Built on the stages.
  charts: 3, realtime: 3,
  // The doors: the CLI, the HTTP server, the demo, the library entry.
  cli: 4, server: 4, demo: 4, 'index.ts': 4,
};

const SRC = join(PACKAGE_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The relative imports of a file (static, re-exports and dynamic), as paths under src/. */
function relativeImports(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, '.ts'));
}

function layerOf(path: string): string {
  const top = path.split('/')[0];
  return top.endsWith('.ts') && top !== 'index.ts' ? 'model' : top;
}

function rankOf(path: string): number {
  const rank = LAYERS[layerOf(path)];
  if (rank === undefined) throw new Error(`src/${path}: in no layer; add its folder to LAYERS and to the README's architecture section`);
  return rank;
}

test('no import in src/ points up a layer; model imports nothing but model and the basics', () => {
  const edges: { from: string; to: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    for (const to of relativeImports(file, readFileSync(file, 'utf8'))) edges.push({ from, to });
  }
  assert.ok(edges.length > 300, `the import graph was read (${edges.length} edges)`);
  const upward = edges.filter((e) => rankOf(e.to) > rankOf(e.from)).map((e) => `${e.from} -> ${e.to}`);
  assert.deepEqual(upward, [], 'imports pointing up a layer');
  const inModel = (p: string) => p.startsWith('model/');
  const fromModel = edges.filter((e) => inModel(e.from) && !inModel(e.to) && layerOf(e.to) !== 'model').map((e) => `${e.from} -> ${e.to}`);
  assert.deepEqual(fromModel, [], 'model/ imports only model/ and the basics');
});

test('the import reader sees static, re-exported and dynamic imports', () => {
  const file = join(SRC, 'etl', 'x.ts');
  const text = `import { a } from '../db/copy.js';\nexport { b } from './load.js';\nimport type { C } from '../model/sources.js';\nconst m = await import('../cluster/run-cluster.js');\n// 'from' in a comment '../cli/index.js'`;
  assert.deepEqual(relativeImports(file, text), ['db/copy.ts', 'etl/load.ts', 'model/sources.ts', 'cluster/run-cluster.ts']);
});
