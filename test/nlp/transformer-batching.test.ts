// Unit tests of batched scoring with a fake model: distinct texts once, length-sorted batches, failures isolated as NaN.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import {
  FailureStreak, MAX_CONSECUTIVE_FAILURES, RecentScores, groupByLength, scoreDistinctTexts, type InferBatch,
} from '../../src/nlp/score-distinct-texts.js';

/** A fake model: score = length / 100, throws on any batch holding a text that contains "boom". */
function fakeModel(): { infer: InferBatch; calls: string[][] } {
  const calls: string[][] = [];
  const infer: InferBatch = async (texts) => {
    calls.push([...texts]);
    if (texts.some((t) => t.includes('boom'))) throw new Error('tokenizer exploded');
    return Float64Array.from(texts, (t) => Math.min(1, t.length / 100));
  };
  return { infer, calls };
}

describe('scoreDistinctTexts', () => {
  it('scores each distinct text once and answers duplicates in input order', async () => {
    const { infer, calls } = fakeModel();
    const texts = ['hola', 'buenas tardes', 'hola', 'hola', 'buenas tardes', 'x'];
    const result = await scoreDistinctTexts(texts, { infer, batchSize: 8 });
    assert.deepEqual([...result.scores], [0.04, 0.13, 0.04, 0.04, 0.13, 0.01]);
    assert.deepEqual(calls, [['x', 'hola', 'buenas tardes']]);
    assert.equal(result.inferred, 3);
    assert.equal(result.reused, 3);
    assert.equal(result.failed, 0);
  });

  it('groups texts of similar length into batches of batchSize', async () => {
    const { infer, calls } = fakeModel();
    await scoreDistinctTexts(['aaaa', 'a', 'aaa', 'aa', 'aaaaa'], { infer, batchSize: 2 });
    assert.deepEqual(calls, [['a', 'aa'], ['aaa', 'aaaa'], ['aaaaa']]);
  });

  it('ends a batch early where texts get much longer, so one long text does not pad a whole batch', () => {
    const short = Array.from({ length: 5 }, (_, i) => 'x'.repeat(20 + i));
    const long = 'y'.repeat(400);
    assert.deepEqual(groupByLength([long, ...short], 4).map((batch) => batch.length), [4, 1, 1]);
    assert.deepEqual(groupByLength(['aaa', 'a', 'aa'], 8), [['a', 'aa', 'aaa']]);
  });

  it('reuses scores of earlier calls through RecentScores', async () => {
    const { infer, calls } = fakeModel();
    const recent = new RecentScores();
    await scoreDistinctTexts(['hola', 'chau'], { infer, batchSize: 8, recent });
    const second = await scoreDistinctTexts(['hola', 'nuevo'], { infer, batchSize: 8, recent });
    assert.deepEqual(calls, [['hola', 'chau'], ['nuevo']]);
    assert.equal(second.reused, 1);
    assert.deepEqual([...second.scores], [0.04, 0.05]);
  });

  it('keeps RecentScores bounded, forgetting the oldest and skipping long texts', () => {
    const recent = new RecentScores(2, 10);
    recent.set('a', 0.1);
    recent.set('b', 0.2);
    recent.set('c', 0.3);
    recent.set('a very long text indeed', 0.4);
    assert.equal(recent.get('a'), undefined);
    assert.equal(recent.get('c'), 0.3);
    assert.equal(recent.get('a very long text indeed'), undefined);
  });

  it('gives NaN only to the text that fails alone and scores the rest of its batch', async () => {
    const { infer, calls } = fakeModel();
    const texts = ['uno', 'boom!', 'tres', 'cuatro'];
    const result = await scoreDistinctTexts(texts, { infer, batchSize: 4 });
    assert.equal(result.failed, 1);
    assert.ok(Number.isNaN(result.scores[1]));
    assert.deepEqual([...result.scores].filter((s) => !Number.isNaN(s)), [0.03, 0.04, 0.06]);
    assert.equal(calls.length, 1 + texts.length);
  });

  it('treats an out-of-range score as a failure of that text', async () => {
    const infer: InferBatch = async (texts) => Float64Array.from(texts, (t) => (t === 'bad' ? NaN : 0.5));
    const result = await scoreDistinctTexts(['ok', 'bad'], { infer, batchSize: 2 });
    assert.deepEqual([result.scores[0], result.failed], [0.5, 1]);
    assert.ok(Number.isNaN(result.scores[1]));
  });

  it('stops the run when the model fails on every text (a broken model, not bad texts)', async () => {
    const infer: InferBatch = async () => {
      throw new Error('session closed');
    };
    const texts = Array.from({ length: MAX_CONSECUTIVE_FAILURES + 4 }, (_, i) => `texto ${i}`);
    await assert.rejects(scoreDistinctTexts(texts, { infer, batchSize: 8 }), /failed on 16 texts in a row/);
  });

  it('forgets a failure streak once a text is scored', () => {
    const streak = new FailureStreak();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_CONSECUTIVE_FAILURES - 1; i++) streak.noteFailure(new Error('x'));
      streak.noteSuccess();
    }
  });

  it('lets configuration errors through instead of isolating them', async () => {
    const infer: InferBatch = async () => {
      throw new ConfigError('labels do not match');
    };
    await assert.rejects(scoreDistinctTexts(['a', 'b'], { infer, batchSize: 2 }), ConfigError);
  });

  it('rejects a model wrapper that returns the wrong number of scores', async () => {
    const infer: InferBatch = async () => Float64Array.of(0.5);
    await assert.rejects(scoreDistinctTexts(['a', 'b'], { infer, batchSize: 2 }), /returned 1 scores for 2 texts/);
  });
});
