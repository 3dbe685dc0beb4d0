// Builds models/tiny-sentiment-es: a real ONNX bag-of-words sentiment model whose token weights come from the lexicon backend.
//
// Run: npx tsx scripts/build-tiny-model.ts [outDir]
// No weights can be downloaded where this project is built and tested, so the transformer backend is
// tested against this model: it has the folder layout, tokenizer and graph inputs/outputs of an exported
// BertForSequenceClassification, and loads through the same transformers.js code path as a production
// model. Its logit for "negative" minus "positive" is prior + sum of per-token weights, each weight being
// how far the lexicon moves one word alone away from the neutral prior: it knows words, not negation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ADJECTIVES, BOOSTERS, CONTRASTS, COPULAS, COPULA_DEPENDENT, EMOJI, EXACT_WORDS, NEGATORS, NOUNS, VERBS,
} from '../src/nlp/data/lexicon-es-words.js';
import { conjugateVerb, inflectAdjective, inflectNoun } from '../src/nlp/lexicon-es.js';
import { LEXICON_MODEL_NAME, NEUTRAL_PROBABILITY, scoreText } from '../src/nlp/lexicon.js';
import { writeOnnxModel, type OnnxModel } from '../tools/onnx-writer.js';

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const LABELS = ['NEGATIVE', 'POSITIVE'] as const;
const MAX_LENGTH = 512;

/** Frequent Spanish words with no polarity: known to the tokenizer (so they are not [UNK]) but weight 0. */
const COMMON_WORDS = `
a al algo alguien ahora aqui alla asi aun ayer bueno cada casa casi colegio como con contigo conmigo cosa cosas
cual cuando cuanto de del desde despues dia dias donde dos el ella ellas ello ellos en entre era eres es esa ese eso
esta este esto estos estas fue fui ha hace hacer hay hasta hoy iba ir la las le les lo los mama manana mas me mi mia
mis mismo mucho muy nada ni no nos nosotros nuestra nuestro o otra otro otros para papa pero poco por porque profe
que quien se ser si sido siempre sin sobre solo son soy su sus tambien tan tanto te tener tengo ti tiene todo todos
tu tus un una unas uno unos usted va vamos van vez voy y ya yo clase examen amigos familia hermano hermana abuela
semana finde noche tarde fin hora tiempo mundo gente chico chica chicos chicas
`;
const LAUGHTER = 'jaja jajaja jajajaja jajajajaja jeje jejeje jiji jijiji haha hahaha jsjs jsjsjs xd xdd lol';
const PUNCTUATION = '. , ! ? ¿ ¡ : ; ( ) " \' - … * / # @ < > =';

interface Vocabulary {
  tokens: string[];
  /** Logit of "negative" minus "positive" that each token adds. */
  weights: Float32Array;
}

/** The transformation BertNormalizer applies (lowercase, then NFD without combining marks): vocabulary keys must match it. */
function normalizeLikeBert(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function expandPolarList(list: string, expand: (lemma: string) => string[]): string[] {
  const words: string[] = [];
  for (const line of list.split('\n')) {
    const [, ...lemmas] = line.split(/\s+/).filter(Boolean);
    for (const lemma of lemmas) words.push(...expand(lemma.split('/')[0]));
  }
  return words;
}

function collectSurfaceWords(): string[] {
  const split = (text: string) => text.split(/\s+/).filter(Boolean);
  return [
    ...expandPolarList(EXACT_WORDS, (w) => [w]),
    ...expandPolarList(COPULA_DEPENDENT, (w) => [w]),
    ...expandPolarList(ADJECTIVES, inflectAdjective),
    ...expandPolarList(NOUNS, inflectNoun),
    ...expandPolarList(VERBS, conjugateVerb),
    ...split(NEGATORS), ...split(CONTRASTS), ...split(COPULAS), ...Object.keys(BOOSTERS),
    ...split(COMMON_WORDS), ...split(LAUGHTER), ...split(PUNCTUATION),
    ...EMOJI.map(([codePoint]) => String.fromCodePoint(codePoint)),
  ];
}

/** Sorted, deduplicated tokens after the specials; emoji also get a "##" form so "feliz😊" is "feliz" + "##😊". */
function buildVocabulary(): Vocabulary {
  const prior = logit(NEUTRAL_PROBABILITY);
  const weightOf = new Map<string, number>();
  for (const word of collectSurfaceWords()) {
    const token = normalizeLikeBert(word);
    if (token && !weightOf.has(token)) weightOf.set(token, logit(scoreText(word)) - prior);
  }
  for (const [codePoint] of EMOJI) {
    const emoji = normalizeLikeBert(String.fromCodePoint(codePoint));
    weightOf.set(`##${emoji}`, weightOf.get(emoji)!);
  }
  const words = [...weightOf.keys()].sort();
  const tokens = [...SPECIAL_TOKENS, ...words];
  const weights = new Float32Array(tokens.length);
  words.forEach((word, i) => {
    const weight = weightOf.get(word)!;
    weights[SPECIAL_TOKENS.length + i] = Math.abs(weight) < 1e-6 ? 0 : weight;
  });
  return { tokens, weights };
}

/**
 * input_ids -> Gather of per-token [negative, positive] logit halves -> times attention_mask -> sum over the
 * sequence -> + bias = logits. Splitting each weight in halves of opposite sign keeps the two logits symmetric.
 */
function buildGraph(vocabulary: Vocabulary): OnnxModel {
  const rows = vocabulary.tokens.length;
  const table = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    table[2 * i] = vocabulary.weights[i] / 2;
    table[2 * i + 1] = -vocabulary.weights[i] / 2;
  }
  const prior = logit(NEUTRAL_PROBABILITY);
  return {
    opset: 13,
    name: 'tiny-sentiment-es',
    docString: `Bag-of-words sentiment from ${LEXICON_MODEL_NAME}; built by scripts/build-tiny-model.ts`,
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'sequence_length'] },
    ],
    outputs: [{ name: 'logits', type: 'float32', shape: ['batch_size', 2] }],
    initializers: [
      { name: 'token_weights', type: 'float32', dims: [rows, 2], data: table },
      { name: 'bias', type: 'float32', dims: [2], data: Float32Array.of(prior / 2, -prior / 2) },
      { name: 'last_axis', type: 'int64', dims: [1], data: BigInt64Array.of(-1n) },
      { name: 'sequence_axis', type: 'int64', dims: [1], data: BigInt64Array.of(1n) },
    ],
    nodes: [
      { op: 'Gather', inputs: ['token_weights', 'input_ids'], outputs: ['token_logits'], attributes: { axis: { int: 0 } } },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: { to: { int: 1 } } },
      { op: 'Unsqueeze', inputs: ['mask', 'last_axis'], outputs: ['mask_3d'] },
      { op: 'Mul', inputs: ['token_logits', 'mask_3d'], outputs: ['masked_logits'] },
      { op: 'ReduceSum', inputs: ['masked_logits', 'sequence_axis'], outputs: ['summed'], attributes: { keepdims: { int: 0 } } },
      { op: 'Add', inputs: ['summed', 'bias'], outputs: ['logits'] },
    ],
  };
}

function buildTokenizerJson(tokens: readonly string[]): object {
  const id = (token: string) => tokens.indexOf(token);
  const special = (token: string) => ({ id: token, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(tokens.map((token, i) => [token, i])),
    },
  };
}

function buildConfigJson(vocabSize: number): object {
  return {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    id2label: Object.fromEntries(LABELS.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(LABELS.map((label, i) => [label, i])),
    vocab_size: vocabSize,
    max_position_embeddings: MAX_LENGTH,
    pad_token_id: 0,
    problem_type: 'single_label_classification',
  };
}

const TOKENIZER_CONFIG = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  strip_accents: true,
  model_max_length: MAX_LENGTH,
  pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]',
};

/** Writes config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx into `dir`; returns the vocabulary size. */
function buildTinyModel(dir: string): number {
  const vocabulary = buildVocabulary();
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const json = (value: object) => `${JSON.stringify(value, null, 1)}\n`;
  writeFileSync(join(dir, 'config.json'), json(buildConfigJson(vocabulary.tokens.length)));
  writeFileSync(join(dir, 'tokenizer_config.json'), json(TOKENIZER_CONFIG));
  writeFileSync(join(dir, 'tokenizer.json'), `${JSON.stringify(buildTokenizerJson(vocabulary.tokens))}\n`);
  writeOnnxModel(join(dir, 'onnx', 'model.onnx'), buildGraph(vocabulary));
  return vocabulary.tokens.length;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ?? join(repoRoot, 'models', 'tiny-sentiment-es');
console.log(`tiny-sentiment-es: ${buildTinyModel(outDir)} tokens written to ${outDir}`);
