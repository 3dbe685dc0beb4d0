// Builds a BERT-shaped sequence classifier with random weights as an ONNX graph: for measuring speed, never for scoring.
//
// No pretrained weights can be downloaded where this project is built, yet the benchmark must time a model of
// BERT-base shape, and the tests need a real attention model to check that padding and batching do not change scores.
// The graph follows what `optimum-cli export onnx` produces for BertForSequenceClassification (embeddings, post-LN
// encoder layers with erf GELU, tanh pooler on [CLS], linear classifier), so onnxruntime runs the same kernels.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOnnxModel, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx-writer.js';
import { createSeededRandom } from '../src/cluster/seeded-random.js';

export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
  labels: number;
}

/** bert-base-uncased: 12 layers, hidden 768, 12 heads, 110 M parameters. */
export const BERT_BASE_SHAPE: Readonly<BertShape> = {
  layers: 12, hidden: 768, heads: 12, intermediate: 3072, vocabSize: 30522, maxPositions: 512, labels: 2,
};

/** Standard deviation of BERT's weight initialisation. */
export const BERT_INIT_STD = 0.02;
const LAYER_NORM_EPSILON = 1e-12;

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly random: () => number;

  constructor(seed: number, private readonly std: number) {
    this.random = createSeededRandom(seed);
  }

  /** Uniform in [-a, a] with a = std * sqrt(3), so its standard deviation is `std`. */
  addRandomWeight(name: string, dims: number[]): string {
    const data = new Float32Array(dims.reduce((product, dim) => product * dim, 1));
    const bound = this.std * Math.sqrt(3);
    for (let i = 0; i < data.length; i++) data[i] = (this.random() * 2 - 1) * bound;
    return this.addTensor(name, dims, data);
  }

  addFilled(name: string, dims: number[], value: number): string {
    return this.addTensor(name, dims, new Float32Array(dims.reduce((product, dim) => product * dim, 1)).fill(value));
  }

  addInt64(name: string, values: number[], dims: number[] = [values.length]): string {
    this.initializers.push({ name, type: 'int64', dims, data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  }

  addTensor(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push({ name, type: 'float32', dims, data });
    return name;
  }

  addNode(op: string, inputs: string[], output: string, attributes?: OnnxNode['attributes']): string {
    this.nodes.push({ op, inputs, outputs: [output], attributes });
    return output;
  }

  addLinear(name: string, input: string, inSize: number, outSize: number): string {
    const product = this.addNode('MatMul', [input, this.addRandomWeight(`${name}.weight`, [inSize, outSize])], `${name}.matmul`);
    return this.addNode('Add', [product, this.addFilled(`${name}.bias`, [outSize], 0)], `${name}.out`);
  }

  addLayerNorm(name: string, input: string, size: number): string {
    const inputs = [input, this.addFilled(`${name}.gamma`, [size], 1), this.addFilled(`${name}.beta`, [size], 0)];
    return this.addNode('LayerNormalization', inputs, `${name}.out`, { axis: { int: -1 }, epsilon: { float: LAYER_NORM_EPSILON } });
  }
}

export interface RandomWeightOptions {
  /** @default 7 */
  seed?: number;
  /** BERT's own 0.02 gives nearly the same output for every text; tests use more to make outputs text-dependent. @default 0.02 */
  std?: number;
}

/** input_ids, attention_mask, token_type_ids [batch, sequence] -> logits [batch, labels], opset 17. */
export function buildRandomBertGraph(shape: BertShape, weights: RandomWeightOptions = {}): OnnxModel {
  const { hidden, heads } = shape;
  const headSize = hidden / heads;
  if (!Number.isInteger(headSize)) throw new RangeError(`hidden size ${hidden} is not a multiple of ${heads} heads`);
  const g = new GraphBuilder(weights.seed ?? 7, weights.std ?? BERT_INIT_STD);
  const one = g.addFilled('one', [], 1);
  const zero = g.addInt64('zero', [0], []);

  const words = g.addNode('Gather', [g.addRandomWeight('word_embeddings', [shape.vocabSize, hidden]), 'input_ids'], 'words');
  const inputShape = g.addNode('Shape', ['input_ids'], 'input_shape');
  const length = g.addNode('Gather', [inputShape, g.addInt64('one_index', [1], [])], 'sequence_length', { axis: { int: 0 } });
  const positionIds = g.addNode('Range', [zero, length, g.addInt64('step', [1], [])], 'position_ids');
  const positions = g.addNode('Gather', [g.addRandomWeight('position_embeddings', [shape.maxPositions, hidden]), positionIds], 'positions');
  const types = g.addNode('Gather', [g.addRandomWeight('token_type_embeddings', [2, hidden]), 'token_type_ids'], 'types');
  const summed = g.addNode('Add', [g.addNode('Add', [words, positions], 'words_positions'), types], 'embeddings_sum');
  let state = g.addLayerNorm('embeddings.norm', summed, hidden);

  // Padding positions get -10000 before the softmax: exp() makes their attention weight 0.
  const mask = g.addNode('Cast', ['attention_mask'], 'mask', { to: { int: 1 } });
  const maskBias = g.addNode('Mul', [g.addNode('Sub', [one, mask], 'inverted_mask'), g.addFilled('mask_value', [], -10000)], 'mask_bias');
  const attentionBias = g.addNode('Unsqueeze', [maskBias, g.addInt64('mask_axes', [1, 2])], 'attention_bias');
  const splitHeads = g.addInt64('split_heads', [0, 0, heads, headSize]);
  const mergeHeads = g.addInt64('merge_heads', [0, 0, hidden]);
  const scale = g.addFilled('attention_scale', [], Math.sqrt(headSize));

  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `layer${layer}`;
    const project = (name: string, perm: number[]) => {
      const projected = g.addNode('Reshape', [g.addLinear(`${p}.${name}`, state, hidden, hidden), splitHeads], `${p}.${name}.heads`);
      return g.addNode('Transpose', [projected], `${p}.${name}.t`, { perm: { ints: perm } });
    };
    const query = project('query', [0, 2, 1, 3]);
    const key = project('key', [0, 2, 3, 1]);
    const value = project('value', [0, 2, 1, 3]);
    const scores = g.addNode('Div', [g.addNode('MatMul', [query, key], `${p}.qk`), scale], `${p}.scaled`);
    const weights = g.addNode('Softmax', [g.addNode('Add', [scores, attentionBias], `${p}.masked`)], `${p}.weights`, { axis: { int: -1 } });
    const context = g.addNode('Transpose', [g.addNode('MatMul', [weights, value], `${p}.context`)], `${p}.context.t`, { perm: { ints: [0, 2, 1, 3] } });
    const merged = g.addNode('Reshape', [context, mergeHeads], `${p}.merged`);
    const attended = g.addNode('Add', [g.addLinear(`${p}.attention.output`, merged, hidden, hidden), state], `${p}.attention.residual`);
    const normed = g.addLayerNorm(`${p}.attention.norm`, attended, hidden);
    const expanded = g.addLinear(`${p}.intermediate`, normed, hidden, shape.intermediate);
    const gelu = addGeluErf(g, `${p}.gelu`, expanded);
    const output = g.addNode('Add', [g.addLinear(`${p}.output`, gelu, shape.intermediate, hidden), normed], `${p}.output.residual`);
    state = g.addLayerNorm(`${p}.output.norm`, output, hidden);
  }

  const first = g.addNode('Gather', [state, zero], 'cls_state', { axis: { int: 1 } });
  const pooled = g.addNode('Tanh', [g.addLinear('pooler', first, hidden, hidden)], 'pooled');
  g.addNode('Identity', [g.addLinear('classifier', pooled, hidden, shape.labels)], 'logits');

  const tokens = ['batch_size', 'sequence_length'];
  return {
    opset: 17,
    name: 'random-bert',
    docString: `BERT-shaped classifier with RANDOM weights (${shape.layers} layers, hidden ${hidden}): for timing only`,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({ name, type: 'int64' as const, shape: tokens })),
    outputs: [{ name: 'logits', type: 'float32', shape: ['batch_size', shape.labels] }],
  };
}

export interface RandomBertFolderOptions extends RandomWeightOptions {
  /** A folder whose tokenizer.json (WordPiece, [CLS]/[SEP]/[PAD]) is reused, e.g. models/tiny-sentiment-es. */
  tokenizerFrom: string;
  /** Label names in logit order (config.json id2label). */
  labels: readonly string[];
  /** Tokens per text after truncation (tokenizer_config.json model_max_length). */
  maxLength: number;
}

/** Writes a complete model folder (config, tokenizer, onnx/model.onnx) that loads like an exported BERT. */
export function writeRandomBertFolder(dir: string, shape: Omit<BertShape, 'labels'>, opts: RandomBertFolderOptions): void {
  const tokenizerConfig = JSON.parse(readFileSync(join(opts.tokenizerFrom, 'tokenizer_config.json'), 'utf8')) as object;
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  copyFileSync(join(opts.tokenizerFrom, 'tokenizer.json'), join(dir, 'tokenizer.json'));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ ...tokenizerConfig, model_max_length: opts.maxLength }, null, 1));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    id2label: Object.fromEntries(opts.labels.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(opts.labels.map((label, i) => [label, i])),
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    vocab_size: shape.vocabSize,
    max_position_embeddings: shape.maxPositions,
    note: 'RANDOM weights: for timing only, its scores mean nothing',
  }, null, 1));
  writeOnnxModel(join(dir, 'onnx', 'model.onnx'), buildRandomBertGraph({ ...shape, labels: opts.labels.length }, opts));
}

/** 0.5 * x * (1 + erf(x / sqrt 2)): the exact GELU BERT uses. */
function addGeluErf(g: GraphBuilder, name: string, input: string): string {
  const erf = g.addNode('Erf', [g.addNode('Div', [input, g.addFilled(`${name}.sqrt2`, [], Math.SQRT2)], `${name}.scaled`)], `${name}.erf`);
  const gate = g.addNode('Add', [erf, g.addFilled(`${name}.one`, [], 1)], `${name}.gate`);
  return g.addNode('Mul', [g.addNode('Mul', [input, gate], `${name}.product`), g.addFilled(`${name}.half`, [], 0.5)], `${name}.out`);
}
