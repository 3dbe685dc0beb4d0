// `npm run bench -- nlp-quality`: the lexicon on the labelled teenage texts (test/fixtures/nlp-eval.tsv):
// AUC overall and on hard cases, F1 of negative texts, crisis recall and false crisis share, per category;
// and throughput on one core. `node dist/bench/nlp-quality.js --set dev` measures the building set instead.
import { loadLexiconV1 } from './lexicon-v1.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { LEXICON_MODEL_NAME, describeLexicon, scoreTexts } from '../src/nlp/lexicon.js';
import { measureQuality, readLabelledTexts, type LabelledText } from '../tools/labelled-texts.js';
import { measureLexiconThroughput } from './lexicon-throughput.js';

const TARGETS = { auc: 0.93, hardAuc: 0.85, crisisRecall: 0.95, falseCrisisShare: 0.02, textsPerSecond: 1_000_000 };

async function main(): Promise<void> {
  const set = process.argv.includes('--set') ? process.argv[process.argv.indexOf('--set') + 1] : 'eval';
  const verbose = process.argv.includes('--errors');
  const file = join(PACKAGE_ROOT, 'test', 'fixtures', `nlp-${set}.tsv`);
  const items = readLabelledTexts(file);
  const scores = new Float64Array(items.length);
  const crisis = new Uint8Array(items.length);
  scoreTexts(items.map((t) => t.text), scores, crisis);
  const subset = (keep: (t: LabelledText) => boolean) => {
    const idx = items.map((t, i) => (keep(t) ? i : -1)).filter((i) => i >= 0);
    return measureQuality(idx.map((i) => items[i]), idx.map((i) => scores[i]), idx.map((i) => crisis[i]));
  };
  const overall = subset(() => true);
  const hard = subset((t) => t.hard);
  const categories = Object.fromEntries([...new Set(items.map((t) => t.category))].sort().map((c) => [c, subset((t) => t.category === c)]));
  const loadBefore = loadavg()[0];
  // After the labelled set on purpose: the scanner has then seen sliced and flat strings, as in a real process.
  const throughput = set === 'eval' ? measureLexiconThroughput({ texts: 200_000, rounds: 7, v1: await loadLexiconV1() }) : undefined;
  const result = {
    model: LEXICON_MODEL_NAME,
    set: `test/fixtures/nlp-${set}.tsv`,
    node: process.version,
    lexicon: describeLexicon(),
    overall,
    hard,
    categories,
    targets: TARGETS,
    throughput: throughput && {
      texts: throughput.texts,
      textsPerSecond: throughput.textsPerSecond,
      medianTextsPerSecond: throughput.medianTextsPerSecond,
      textsPerCpuSecond: throughput.textsPerCpuSecond,
      meanChars: throughput.meanChars,
      v1: throughput.v1 && {
        textsPerSecond: throughput.v1.textsPerSecond,
        medianTextsPerSecond: throughput.v1.medianTextsPerSecond,
        textsPerCpuSecond: throughput.v1.textsPerCpuSecond,
      },
      ratioToV1: throughput.ratioToV1,
      load1m: throughput.load1m,
    },
    load1mBefore: loadBefore,
    load1mAfter: loadavg()[0],
    cores: 1,
  };
  if (verbose) {
    items.forEach((t, i) => {
      const wrong = (t.label === 'neg') !== scores[i] > 0.5 || t.crisis !== (crisis[i] === 1);
      if (wrong) console.log(`${t.label} c=${+t.crisis}/${crisis[i]} ${scores[i].toFixed(3)} [${t.category}] ${t.text}`);
    });
  }
  if (set === 'eval') {
    mkdirSync(join(PACKAGE_ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(PACKAGE_ROOT, 'bench', 'results', 'nlp-quality.json'), `${JSON.stringify(result, null, 2)}\n`);
  }
  console.table({ overall, hard, ...categories });
  if (throughput) {
    const figures = (f: { textsPerSecond: number; textsPerCpuSecond: number }) =>
      `${f.textsPerSecond.toLocaleString('en')} texts/s wall, ${f.textsPerCpuSecond.toLocaleString('en')} per CPU second`;
    console.log(`throughput (best rounds, one core): ${LEXICON_MODEL_NAME} ${figures(throughput)}` +
      (throughput.v1 ? `; ${throughput.v1.model} ${figures(throughput.v1)}; ratio ${throughput.ratioToV1?.cpu} (CPU) / ${throughput.ratioToV1?.wall} (wall)` : '') +
      `; 1-min load ${loadBefore.toFixed(2)} -> ${result.load1mAfter.toFixed(2)}`);
  }
}

await main();
