// Tests the transformer backend on a small random BERT built at test time: real attention, so padding must not change scores.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/config.js';
import { writeRandomBertFolder } from '../../tools/random-bert-model.js';
import { createTransformerScorer } from '../../src/nlp/transformer.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

const STAR_LABELS = ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'];
const TEXTS = [
  'hola',
  'estoy muy triste hoy, no paro de llorar',
  'feliz',
  'gracias por todo, los quiero mucho ❤️ nos vemos el finde en la casa de la abuela',
  'me siento sola',
  'hola',
];

function nlpFor(modelPath: string, batchSize: number): Config['nlp'] {
  return { backend: 'transformer', modelName: 'unused', modelPath, batchSize, threads: 1, cacheDir: undefined };
}

describe('transformer backend on a random BERT-shaped model', () => {
  let dir: string;

  before(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'aura-bert-')), 'random-bert');
    writeRandomBertFolder(dir, { layers: 2, hidden: 32, heads: 4, intermediate: 64, vocabSize: 11_000, maxPositions: 64 }, {
      tokenizerFrom: join(PACKAGE_ROOT, 'models', 'tiny-sentiment-es'), labels: STAR_LABELS, maxLength: 16, std: 0.2,
    });
  });

  after(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('loads an exported-BERT layout with star labels and scores each text in [0,1]', async () => {
    const scorer = await createTransformerScorer(nlpFor(dir, 8));
    assert.deepEqual(scorer.labels.negative, [true, true, false, false, false]);
    assert.equal(scorer.maxLength, 16);
    const scores = await scorer.scoreBatch(TEXTS);
    for (const score of scores) assert.ok(score > 0 && score < 1);
    assert.ok(Math.max(...scores) - Math.min(...scores) > 0.01, 'random weights should still make scores depend on the text');
    assert.equal(scores[0], scores[5]);
    await scorer.close?.();
  });

  it('gives the same scores padded in a batch as alone (the attention mask works)', async () => {
    const batched = await createTransformerScorer(nlpFor(dir, 8));
    const single = await createTransformerScorer(nlpFor(dir, 1));
    const together = await batched.scoreBatch(TEXTS);
    for (const [i, text] of TEXTS.entries()) {
      const [alone] = await single.scoreBatch([text]);
      assert.ok(Math.abs(together[i] - alone) < 1e-5, `${text}: ${together[i]} vs ${alone}`);
    }
    await Promise.all([batched.close?.(), single.close?.()]);
  });
});
