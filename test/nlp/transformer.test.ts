// Tests of the transformer backend on the project's own tiny ONNX model (models/tiny-sentiment-es), loaded like a production one.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { createScorer, modelNameOf } from '../../src/nlp/create-scorer.js';
import { createLexiconScorer } from '../../src/nlp/lexicon.js';
import { FALLBACK_MAX_LENGTH, createTransformerScorer, resolveMaxLength, type TransformerScorer } from '../../src/nlp/transformer.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

const TINY_MODEL = join(PACKAGE_ROOT, 'models', 'tiny-sentiment-es');

const NEGATIVE = [
  'estoy muy triste, hoy lloré todo el día',
  'me siento sola y vacía 😭',
  'odio mi vida, todo es horrible',
  'tengo mucha ansiedad y miedo',
  'qué asco, estoy harta de todo 💔',
];
const POSITIVE = [
  'hoy estoy feliz, fue un día genial',
  'gracias por todo, los quiero mucho ❤️',
  'qué divertido el viaje, increíble!! 😂',
  'estoy orgullosa de mi hermana 🎉',
  'me encanta esta canción, qué alegría',
];

function nlpFor(modelPath: string, batchSize = 4): Config['nlp'] {
  return { backend: 'transformer', modelName: 'unused-for-folders', modelPath, batchSize, threads: 1, cacheDir: undefined };
}

describe('transformer backend on tiny-sentiment-es', () => {
  let scorer: TransformerScorer;
  let scratch: string;

  before(async () => {
    scorer = await createTransformerScorer(nlpFor(TINY_MODEL));
    scratch = mkdtempSync(join(tmpdir(), 'aura-transformer-'));
  });

  after(async () => {
    await scorer.close?.();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('names the model by folder and content hash, the same name modelNameOf gives without loading it', () => {
    assert.match(scorer.modelName, /^local:tiny-sentiment-es@[0-9a-f]{12}$/);
    assert.equal(modelNameOf(nlpFor(TINY_MODEL)), scorer.modelName);
    assert.deepEqual(scorer.labels.negative, [true, false]);
    assert.equal(scorer.maxLength, 512);
  });

  it('ranks clearly negative Spanish texts above clearly positive ones', async () => {
    const scores = await scorer.scoreBatch([...NEGATIVE, ...POSITIVE]);
    const negative = [...scores.subarray(0, NEGATIVE.length)];
    const positive = [...scores.subarray(NEGATIVE.length)];
    assert.ok(Math.min(...negative) > Math.max(...positive), `negative ${negative} vs positive ${positive}`);
    for (const score of scores) assert.ok(score >= 0 && score <= 1);
  });

  it('agrees in sign with the lexicon backend on clear cases', async () => {
    const texts = [...NEGATIVE, ...POSITIVE];
    const transformer = await scorer.scoreBatch(texts);
    const lexicon = await createLexiconScorer().scoreBatch(texts);
    texts.forEach((text, i) => assert.equal(transformer[i] > 0.5, lexicon[i] > 0.5, `"${text}": ${transformer[i]} vs ${lexicon[i]}`));
    NEGATIVE.forEach((_, i) => assert.ok(transformer[i] > 0.5));
  });

  it('gives the same scores in batches as one text at a time, duplicates included', async () => {
    const texts = [...POSITIVE, ...NEGATIVE, NEGATIVE[0], 'hola', POSITIVE[2]];
    const batched = await (await createTransformerScorer(nlpFor(TINY_MODEL, 3))).scoreBatch(texts);
    const single = await createTransformerScorer(nlpFor(TINY_MODEL, 1));
    for (const [i, text] of texts.entries()) {
      const [alone] = await single.scoreBatch([text]);
      assert.ok(Math.abs(batched[i] - alone) < 1e-6, `${text}: ${batched[i]} vs ${alone}`);
    }
    assert.equal(batched[texts.length - 3], batched[POSITIVE.length]);
  });

  it('truncates texts longer than the model maximum instead of failing', async () => {
    const long = `${'estoy triste '.repeat(400)} pero hoy feliz`;
    const [score] = await scorer.scoreBatch([long]);
    assert.ok(score > 0.5);
    assert.equal(scorer.failedTexts, 0);
  });

  it('is what createScorer returns for NLP_BACKEND=transformer', async () => {
    const built = await createScorer(nlpFor(TINY_MODEL));
    assert.equal(built.modelName, scorer.modelName);
    await built.close?.();
  });

  it('keeps the name when the folder is copied and changes it when the model changes', () => {
    const copy = join(scratch, 'copy', 'tiny-sentiment-es');
    cpSync(TINY_MODEL, copy, { recursive: true });
    assert.equal(modelNameOf(nlpFor(copy)), scorer.modelName);
    const config = JSON.parse(readFileSync(join(copy, 'config.json'), 'utf8'));
    writeFileSync(join(copy, 'config.json'), JSON.stringify({ ...config, note: 'retrained' }));
    assert.notEqual(modelNameOf(nlpFor(copy)), scorer.modelName);
  });

  it('loads a Hub id from a pre-baked cache directory without network and writes nothing', async () => {
    const cacheDir = join(scratch, 'hub-cache');
    cpSync(TINY_MODEL, join(cacheDir, 'someone', 'tiny-es'), { recursive: true });
    const before = readdirSync(cacheDir, { recursive: true }).length;
    const nlp: Config['nlp'] = { ...nlpFor(TINY_MODEL), modelName: 'someone/tiny-es', modelPath: undefined, cacheDir };
    const hub = await createTransformerScorer(nlp);
    assert.equal(hub.modelName, 'someone/tiny-es');
    assert.equal(modelNameOf(nlp), 'someone/tiny-es');
    assert.deepEqual(await hub.scoreBatch(POSITIVE), await scorer.scoreBatch(POSITIVE));
    assert.equal(readdirSync(cacheDir, { recursive: true }).length, before);
    await hub.close?.();
  });

  it('names every missing file and the fix when the folder is incomplete', async () => {
    const partial = join(scratch, 'partial');
    mkdirSync(partial);
    writeFileSync(join(partial, 'config.json'), '{}');
    await assert.rejects(createScorer(nlpFor(partial)), (err: Error) =>
      err instanceof ConfigError
      && /tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx or onnx\/model_quantized\.onnx/.test(err.message)
      && /optimum-cli export onnx/.test(err.message) && !err.message.includes('\n'));
    assert.throws(() => modelNameOf(nlpFor(join(scratch, 'absent'))), /is not a folder/);
  });

  it('refuses a model whose labels are not sentiment labels, and accepts them once declared', async () => {
    const relabelled = join(scratch, 'relabelled');
    cpSync(TINY_MODEL, relabelled, { recursive: true });
    const config = JSON.parse(readFileSync(join(relabelled, 'config.json'), 'utf8'));
    writeFileSync(join(relabelled, 'config.json'), JSON.stringify({ ...config, id2label: { 0: 'toxic', 1: 'ok' } }));
    await assert.rejects(createTransformerScorer(nlpFor(relabelled)), (err: Error) => err instanceof ConfigError && /"toxic"/.test(err.message));
    writeFileSync(join(relabelled, 'config.json'), JSON.stringify({ ...config, id2label: { 0: 'toxic', 1: 'ok' }, negative_labels: ['toxic'] }));
    const declared = await createTransformerScorer(nlpFor(relabelled));
    assert.deepEqual(await declared.scoreBatch(NEGATIVE.slice(0, 1)), await scorer.scoreBatch(NEGATIVE.slice(0, 1)));
  });

  it('takes the maximum length from the tokenizer, else the position embeddings (RoBERTa keeps 2), else 512', () => {
    assert.equal(resolveMaxLength(128, { model_type: 'bert', max_position_embeddings: 512 }), 128);
    assert.equal(resolveMaxLength(1e30, { model_type: 'roberta', max_position_embeddings: 514 }), 512);
    assert.equal(resolveMaxLength(Infinity, { model_type: 'bert', max_position_embeddings: 256 }), 256);
    assert.equal(resolveMaxLength(Infinity, {}), FALLBACK_MAX_LENGTH);
  });
});
