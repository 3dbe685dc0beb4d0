// The lexicon scanner (src/nlp/lexicon.ts) held to a snapshot of what it gives on 21,943 fixed texts: both labelled
// sets, the throughput bench's social texts, every phrase alone and inside a sentence, texts fuzzed from the
// lexicon's own words, phrases, emoji and awkward Unicode, and arbitrary strings (test/fixtures/
// lexicon-snapshot.json.gz, written by scripts/lexicon-snapshot.ts). The snapshot was checked equal, text by text,
// to the scanner as it was before the throughput work of issue 16, so a speed change that moves any score or
// crisis flag fails here; an intended change of the lexicon rewrites the snapshot with the script. Properties that
// need no oracle are fuzzed live.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LEXICON_MODEL_NAME, scoreTexts } from '../../src/nlp/lexicon.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

interface LexiconSnapshot {
  model: string;
  sets: { name: string; texts: string[]; scores: number[]; crisis: number[] }[];
}

const snapshot = JSON.parse(gunzipSync(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'lexicon-snapshot.json.gz'))).toString('utf8')) as LexiconSnapshot;

function score(texts: readonly string[]): { scores: Float64Array; crisis: Uint8Array } {
  const scores = new Float64Array(texts.length);
  const crisis = new Uint8Array(texts.length);
  scoreTexts(texts, scores, crisis);
  return { scores, crisis };
}

describe('lexicon scanner: the same score and crisis flag as the snapshot, bit for bit', () => {
  it('is a snapshot of this model', () => {
    assert.equal(snapshot.model, LEXICON_MODEL_NAME);
    assert.ok(snapshot.sets.length >= 7 && snapshot.sets.every((s) => s.texts.length > 50 && s.scores.length === s.texts.length && s.crisis.length === s.texts.length));
    assert.ok(snapshot.sets.some((s) => s.crisis.some((c) => c === 1)) && snapshot.sets.some((s) => s.crisis.some((c) => c === 0)), 'both crisis outcomes are covered');
  });

  for (const set of snapshot.sets) {
    it(`on ${set.name} (${set.texts.length} texts)`, () => {
      const { scores, crisis } = score(set.texts);
      for (let i = 0; i < set.texts.length; i++) {
        if (!Object.is(scores[i], set.scores[i]) || crisis[i] !== set.crisis[i]) {
          assert.fail(`text ${i} ${JSON.stringify(set.texts[i])}: score ${scores[i]} crisis ${crisis[i]}, snapshot ${set.scores[i]} crisis ${set.crisis[i]}`);
        }
      }
    });
  }
});

describe('lexicon scanner: properties', () => {
  const texts = snapshot.sets.flatMap((s) => s.texts);
  const someTexts = fc.array(fc.oneof(fc.constantFrom(...texts), fc.string({ unit: 'binary', maxLength: 60 })), { minLength: 1, maxLength: 20 });

  it('a text scores the same alone as in any batch (no state leaks from one text to the next)', () => {
    fc.assert(fc.property(someTexts, (batch) => {
      const together = score(batch);
      batch.forEach((text, i) => {
        const alone = score([text]);
        assert.ok(Object.is(alone.scores[0], together.scores[i]) && alone.crisis[0] === together.crisis[i], JSON.stringify(text));
      });
    }), { numRuns: 500 });
  });

  it('scores without the crisis array are the same; every score is a probability', () => {
    fc.assert(fc.property(someTexts, (batch) => {
      const { scores } = score(batch);
      assert.deepEqual(scoreTexts(batch, new Float64Array(batch.length)), scores);
      for (const s of scores) assert.ok(s >= 0 && s <= 1, `score ${s}`);
    }), { numRuns: 500 });
  });
});
