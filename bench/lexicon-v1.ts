// lexicon-es-v1, the lexicon as first shipped, for the benches' same-run ratio (current / v1). Its source is not
// kept in the tree: it is read from git history (the commit below, where it sat under bench/reference/lexicon-v1/),
// transpiled with TypeScript into .cache/ and imported. Without git history (an exported tarball, a shallow clone)
// the benches time the current lexicon alone and say so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { PACKAGE_ROOT } from '../src/paths.js';

const COMMIT = '39b6723';
const FILES = ['lexicon.ts', 'lexicon-es.ts', 'normalize-text.ts', 'data/lexicon-es-words.ts'];

export interface LexiconV1 {
  model: string;
  scoreTexts: (texts: readonly string[], out: Float64Array) => Float64Array;
}

export async function loadLexiconV1(): Promise<LexiconV1 | undefined> {
  const dir = join(PACKAGE_ROOT, '.cache', `lexicon-v1-${COMMIT}`);
  try {
    if (!existsSync(join(dir, 'lexicon.js'))) {
      for (const file of FILES) {
        const source = execFileSync('git', ['-C', PACKAGE_ROOT, 'show', `${COMMIT}:bench/reference/lexicon-v1/${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
        const out = join(dir, file.replace(/\.ts$/, '.js'));
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, js);
      }
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    }
    const v1 = (await import(pathToFileURL(join(dir, 'lexicon.js')).href)) as { LEXICON_MODEL_NAME: string; scoreTexts: LexiconV1['scoreTexts'] };
    return { model: v1.LEXICON_MODEL_NAME, scoreTexts: v1.scoreTexts };
  } catch {
    console.error(`lexicon-es-v1 not timed: it is read from git history (commit ${COMMIT}), which this checkout does not have`);
    return undefined;
  }
}
