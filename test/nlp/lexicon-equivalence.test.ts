// The optimised lexicon scanner (src/nlp/lexicon.ts) against the scanner it replaced (test/nlp/reference/, kept
// verbatim as an oracle): exactly the same score and crisis flag on the labelled sets, the throughput bench's texts
// and fuzzed texts built from the lexicon's own words, phrases, emoji and awkward Unicode.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateSocialTexts } from '../../bench/lexicon-throughput.js';
import { CLAP_EMOJI, CRY_EMOJI, EMOJI, IRONY_EMOJI, LAUGH_EMOJI } from '../../src/nlp/data/lexicon-es-words.js';
import { buildSpanishLexicon } from '../../src/nlp/lexicon-es.js';
import { scoreTexts } from '../../src/nlp/lexicon.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { readLabelledTexts } from '../../tools/labelled-texts.js';
import { referenceScoreTexts } from './reference/lexicon-v2-scanner.js';

/** Asserts both scanners agree bit for bit on every text; reports the first text that differs. */
function assertSameAsReference(texts: readonly string[]): void {
  const expected = referenceScoreTexts(texts);
  const scores = new Float64Array(texts.length);
  const crisis = new Uint8Array(texts.length);
  scoreTexts(texts, scores, crisis);
  for (let i = 0; i < texts.length; i++) {
    if (!Object.is(scores[i], expected.scores[i]) || crisis[i] !== expected.crisis[i]) {
      assert.fail(`text ${i} ${JSON.stringify(texts[i])}: score ${scores[i]} crisis ${crisis[i]}, ` +
        `reference ${expected.scores[i]} crisis ${expected.crisis[i]}`);
    }
  }
  // Scoring without the crisis array gives the same scores.
  const alone = scoreTexts(texts, new Float64Array(texts.length));
  assert.deepEqual(alone, expected.scores);
}

const lexicon = buildSpanishLexicon();
const entryWords = [...lexicon.entries.keys()];
const phraseWords = lexicon.phrases.map((p) => p.words.join(' '));
const emoji = [...EMOJI.map(([codePoint]) => codePoint), ...IRONY_EMOJI, ...LAUGH_EMOJI, CLAP_EMOJI, CRY_EMOJI, 0x2764, 0x1f600]
  .map((codePoint) => String.fromCodePoint(codePoint));
const punctuation = [' ', ' ', ' ', ', ', '. ', '! ', '?', '¿', '¡', '...', '…', '\n', ': ', ';', '"', '(', ')', ' - '];
const emoticons = [':)', ':(', ":'(", ':-)', ':D', ':c', ':/', '://', '=)', ';)', '<3', '</3', ':P', ':3', 'xD'];
const oddities = ['jajaja', 'JAJAJA', 'jsjsjs', 'hahaha', 'jejeje', 'ja', 'n\u0303', 'a\u0301', '\u0303', '\u0301',
  '\ud83d', '\ude2d', '\ufe0f', '\u200d', 'ß', 'İ', 'ǅ', 'ﬁ', 'Ω', 'дом', '日本', 'https://x.co/a', 'a'.repeat(40), '12', 'x', 'q'];

/** A word from the lexicon, a phrase, an emoji, punctuation or an oddity, sometimes upper-cased, elongated or NFD. */
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

describe('optimised lexicon scanner: same scores and crisis flags as the reference scanner', () => {
  it('on both labelled sets (eval and dev)', () => {
    for (const set of ['eval', 'dev']) {
      const texts = readLabelledTexts(join(PACKAGE_ROOT, 'test', 'fixtures', `nlp-${set}.tsv`)).map((t) => t.text);
      assert.ok(texts.length > 50);
      assertSameAsReference(texts);
    }
  });

  it("on the throughput bench's synthetic social texts", () => {
    assertSameAsReference(generateSocialTexts(30_000, 7));
  });

  it('on every phrase of the lexicon, alone and inside a sentence', () => {
    assertSameAsReference(phraseWords);
    assertSameAsReference(phraseWords.map((p, i) => `no ${entryWords[(i * 7919) % entryWords.length]} ${p} ${phraseWords[(i * 31) % phraseWords.length]} jaja`));
  });

  it('on fuzzed texts of lexicon words, phrases, emoji, punctuation and odd Unicode', () => {
    fc.assert(fc.property(fc.array(fuzzedText, { minLength: 1, maxLength: 20 }), (texts) => {
      assertSameAsReference(texts);
    }), { numRuns: 1500 });
  });

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 20 }), (texts) => {
      assertSameAsReference(texts);
    }), { numRuns: 1500 });
  });
});
