// Writes test/fixtures/lexicon-snapshot.json.gz: a fixed set of texts and what the lexicon scanner gives for each
// (score, crisis flag), which test/nlp/lexicon-snapshot.test.ts holds the scanner to bit for bit. Run it only after
// an intended change of the lexicon's words or rules (`npx tsx scripts/lexicon-snapshot.ts`), and say in the commit
// why the scores moved. The first snapshot was checked against the scanner as it was before the throughput work
// of issue 16 (kept until then in test/nlp/reference/, commit 39b6723): equal on every text.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { generateSocialTexts } from '../bench/lexicon-throughput.js';
import { CLAP_EMOJI, CRY_EMOJI, EMOJI, IRONY_EMOJI, LAUGH_EMOJI } from '../src/nlp/data/lexicon-es-words.js';
import { buildSpanishLexicon } from '../src/nlp/lexicon-es.js';
import { LEXICON_MODEL_NAME, scoreTexts } from '../src/nlp/lexicon.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { readLabelledTexts } from '../tools/labelled-texts.js';

const SNAPSHOT_FILE = join(PACKAGE_ROOT, 'test', 'fixtures', 'lexicon-snapshot.json.gz');

/** The file's shape (test/nlp/lexicon-snapshot.test.ts reads it). */
interface LexiconSnapshot {
  model: string;
  /** Texts by where they come from; scores and crisis flags in the same order. */
  sets: { name: string; texts: string[]; scores: number[]; crisis: number[] }[];
}

/** Texts that reach every path of the scanner: labelled sets, bench-like social texts, phrases, fuzz, raw strings. */
function snapshotTexts(): { name: string; texts: string[] }[] {
  const lexicon = buildSpanishLexicon();
  const entryWords = [...lexicon.entries.keys()];
  const phraseWords = lexicon.phrases.map((p) => p.words.join(' '));
  const emoji = [...EMOJI.map(([codePoint]) => codePoint), ...IRONY_EMOJI, ...LAUGH_EMOJI, CLAP_EMOJI, CRY_EMOJI, 0x2764, 0x1f600]
    .map((codePoint) => String.fromCodePoint(codePoint));
  const punctuation = [' ', ' ', ' ', ', ', '. ', '! ', '?', '¿', '¡', '...', '…', '\n', ': ', ';', '"', '(', ')', ' - '];
  const emoticons = [':)', ':(', ":'(", ':-)', ':D', ':c', ':/', '://', '=)', ';)', '<3', '</3', ':P', ':3', 'xD'];
  const oddities = ['jajaja', 'JAJAJA', 'jsjsjs', 'hahaha', 'jejeje', 'ja', 'n\u0303', 'a\u0301', '\u0303', '\u0301',
    '\ud83d', '\ude2d', '\ufe0f', '\u200d', 'ß', 'İ', 'ǅ', 'ﬁ', 'Ω', 'дом', '日本', 'https://x.co/a', 'a'.repeat(40), '12', 'x', 'q'];
  // A word from the lexicon, a phrase, an emoji, punctuation or an oddity, sometimes upper-cased, elongated or NFD.
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...entryWords) },
    { weight: 4, arbitrary: fc.constantFrom(...phraseWords) },
    { weight: 2, arbitrary: fc.constantFrom(...emoji) },
    { weight: 5, arbitrary: fc.constantFrom(...punctuation) },
    { weight: 1, arbitrary: fc.constantFrom(...emoticons) },
    { weight: 1, arbitrary: fc.constantFrom(...oddities) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  );
  const styledPiece = fc.tuple(piece, fc.nat(9)).map(([text, style]) => {
    if (style === 0) return text.toUpperCase();
    if (style === 1) return text.normalize('NFD');
    if (style === 2) return text.replace(/([aeiou])/, '$1$1$1$1');
    return text;
  });
  const fuzzedText = fc.array(fc.tuple(styledPiece, fc.constantFrom(' ', ' ', '', ', ')), { maxLength: 40 })
    .map((parts) => parts.map(([text, gap]) => text + gap).join(''));
  const labelled = (set: string) => readLabelledTexts(join(PACKAGE_ROOT, 'test', 'fixtures', `nlp-${set}.tsv`)).map((t) => t.text);
  return [
    { name: 'labelled eval set', texts: labelled('eval') },
    { name: 'labelled dev set', texts: labelled('dev') },
    { name: "the throughput bench's social texts", texts: generateSocialTexts(5000, 7) },
    { name: 'every phrase alone', texts: phraseWords },
    { name: 'every phrase in a sentence', texts: phraseWords.map((p, i) => `no ${entryWords[(i * 7919) % entryWords.length]} ${p} ${phraseWords[(i * 31) % phraseWords.length]} jaja`) },
    { name: 'fuzzed lexicon words, phrases, emoji, punctuation and odd Unicode', texts: fc.sample(fuzzedText, { seed: 16, numRuns: 6000 }) },
    { name: 'arbitrary strings', texts: fc.sample(fc.string({ unit: 'binary', maxLength: 60 }), { seed: 17, numRuns: 3000 }) },
  ];
}

function scoreSet(texts: readonly string[]): { scores: number[]; crisis: number[] } {
  const scores = new Float64Array(texts.length);
  const crisis = new Uint8Array(texts.length);
  scoreTexts(texts, scores, crisis);
  return { scores: [...scores], crisis: [...crisis] };
}

{
  const snapshot: LexiconSnapshot = { model: LEXICON_MODEL_NAME, sets: snapshotTexts().map((s) => ({ ...s, ...scoreSet(s.texts) })) };
  writeFileSync(SNAPSHOT_FILE, gzipSync(JSON.stringify(snapshot), { level: 9 }));
  console.log(`wrote ${SNAPSHOT_FILE}: ${snapshot.sets.map((s) => `${s.name} ${s.texts.length}`).join(', ')}`);
}
