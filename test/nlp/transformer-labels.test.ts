// Unit tests of the label mapping and logits -> P(negative), without any model.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { mapSentimentLabels, negativeProbabilities } from '../../src/nlp/label-mapping.js';

const ids = (...labels: string[]) => Object.fromEntries(labels.map((label, i) => [String(i), label]));

describe('mapSentimentLabels', () => {
  it('reads NEG/NEU/POS and negative/neutral/positive in any case and order', () => {
    assert.deepEqual(mapSentimentLabels(ids('NEG', 'NEU', 'POS')).negative, [true, false, false]);
    assert.deepEqual(mapSentimentLabels(ids('positive', 'negative')).negative, [false, true]);
    assert.deepEqual(mapSentimentLabels(ids('NEGATIVE', 'POSITIVE')).negative, [true, false]);
    assert.deepEqual(mapSentimentLabels(ids('Negativo', 'Neutro', 'Positivo')).negative, [true, false, false]);
  });

  it('counts "very negative" as negative in five-class models', () => {
    const mapping = mapSentimentLabels(ids('Very Negative', 'Negative', 'Neutral', 'Positive', 'Very Positive'));
    assert.deepEqual(mapping.negative, [true, true, false, false, false]);
  });

  it('reads star ratings: 1 and 2 stars are negative', () => {
    const mapping = mapSentimentLabels(ids('1 star', '2 stars', '3 stars', '4 stars', '5 stars'));
    assert.deepEqual(mapping.negative, [true, true, false, false, false]);
    assert.deepEqual(mapping.labels, ['1 star', '2 stars', '3 stars', '4 stars', '5 stars']);
  });

  it('orders labels by id, not by the order of the JSON keys', () => {
    assert.deepEqual(mapSentimentLabels({ '1': 'POS', '0': 'NEG' }).labels, ['NEG', 'POS']);
  });

  it('refuses generic LABEL_x names unless config.json declares the negative ones', () => {
    assert.throws(() => mapSentimentLabels(ids('LABEL_0', 'LABEL_1')), (err: Error) =>
      err instanceof ConfigError && /negative_labels/.test(err.message) && /LABEL_0/.test(err.message));
    assert.deepEqual(mapSentimentLabels(ids('LABEL_0', 'LABEL_1'), ['LABEL_0']).negative, [true, false]);
    assert.deepEqual(mapSentimentLabels(ids('LABEL_0', 'LABEL_1', 'LABEL_2'), ['LABEL_2']).negative, [false, false, true]);
  });

  it('lets negative_labels override names it would otherwise read', () => {
    assert.deepEqual(mapSentimentLabels(ids('toxic', 'ok'), ['toxic']).negative, [true, false]);
  });

  it('makes unknown label sets a ConfigError naming the labels, never a silent 0', () => {
    assert.throws(() => mapSentimentLabels(ids('toxic', 'ok')), (err: Error) =>
      err instanceof ConfigError && /"toxic"/.test(err.message) && /"ok"/.test(err.message));
    assert.throws(() => mapSentimentLabels(ids('NEG', 'POS', 'joy')), /"joy"/);
    assert.throws(() => mapSentimentLabels(ids('1 star', '2 stars', 'great')), ConfigError);
  });

  it('rejects mappings that would give constant scores or name absent labels', () => {
    assert.throws(() => mapSentimentLabels(ids('NEU', 'POS')), /at least one negative/);
    assert.throws(() => mapSentimentLabels(ids('NEG', 'POS'), ['NEG', 'POS']), /at least one negative and one non-negative/);
    assert.throws(() => mapSentimentLabels(ids('NEG', 'POS'), ['negative']), /negative_labels names negative/);
    assert.throws(() => mapSentimentLabels(undefined), /id2label/);
    assert.throws(() => mapSentimentLabels(ids('NEG')), /id2label/);
    assert.throws(() => mapSentimentLabels({ '0': 'NEG', '2': 'POS' }), /expected 0\.\.1/);
  });
});

describe('negativeProbabilities', () => {
  const stars = mapSentimentLabels(ids('1 star', '2 stars', '3 stars', '4 stars', '5 stars'));

  it('sums the softmax probabilities of the negative labels', () => {
    const [p] = negativeProbabilities([0, 0, 0, 0, 0], 1, stars);
    assert.ok(Math.abs(p - 0.4) < 1e-12);
    const logits = [2, 1, 0, -1, -2];
    const exp = logits.map(Math.exp);
    const total = exp.reduce((a, b) => a + b);
    assert.ok(Math.abs(negativeProbabilities(logits, 1, stars)[0] - (exp[0] + exp[1]) / total) < 1e-12);
  });

  it('handles several rows and huge logits without overflow', () => {
    const binary = mapSentimentLabels(ids('NEGATIVE', 'POSITIVE'));
    const out = negativeProbabilities(Float32Array.of(1000, -1000, -1000, 1000, 0, 0), 3, binary);
    assert.deepEqual([...out], [1, 0, 0.5]);
  });

  it('makes a logits/labels size mismatch a ConfigError', () => {
    assert.throws(() => negativeProbabilities([0, 0, 0], 1, stars), ConfigError);
  });
});
