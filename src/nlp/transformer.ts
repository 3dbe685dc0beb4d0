// The `transformer` backend (SPEC §4): a sequence-classification model run by transformers.js on onnxruntime-node, batched.
import {
  AutoConfig, AutoModelForSequenceClassification, AutoTokenizer, env,
  type PretrainedConfig, type PretrainedModelOptions, type PreTrainedModel, type PreTrainedTokenizer, type Tensor,
} from '@huggingface/transformers';
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import { mapSentimentLabels, negativeProbabilities, type LabelMapping } from './label-mapping.js';
import { resolveModelSource, type ModelSource } from './model-folder.js';
import { FailureStreak, RecentScores, scoreDistinctTexts } from './score-distinct-texts.js';
import type { Scorer } from './scorer.js';

/** Used when neither the tokenizer nor the config states a maximum input length: BERT's and RoBERTa's. */
export const FALLBACK_MAX_LENGTH = 512;
/** Position-embedding rows RoBERTa-family models reserve for padding, so 514 rows mean 512 tokens. */
const ROBERTA_POSITION_OFFSET = 2;
const ROBERTA_FAMILY = new Set(['roberta', 'xlm-roberta', 'camembert']);
/** tokenizer_config.json files without a limit report a huge sentinel (1e30) instead. */
const MAX_PLAUSIBLE_LENGTH = 1_000_000;
/**
 * Texts are cut to maxLength * this many chars before tokenizing: a 1 MB rant would otherwise be tokenized in
 * full only to keep its first 512 tokens. Real tokens average 3-5 chars, so the kept tokens are the same.
 */
const MAX_CHARS_PER_TOKEN = 16;

export interface TransformerScorerOptions {
  /** Where failures are reported, by count only: texts never reach the logs. */
  logger?: Pick<Logger, 'warn'>;
}

export interface TransformerScorer extends Scorer {
  /** Tokens per text after truncation (special tokens included). */
  readonly maxLength: number;
  readonly labels: LabelMapping;
  /** Distinct texts the model failed on since the scorer was created; they were given NaN. */
  readonly failedTexts: number;
}

type ModelConfig = PretrainedConfig & {
  id2label?: Record<string, string>;
  /** Our optional config.json key naming the negative labels (required for LABEL_0-style names). */
  negative_labels?: string[];
};

/**
 * Loads the model once and returns a scorer whose scoreBatch gives P(negative) per text. Identical texts are scored
 * once per run, texts of similar length share a batch of `nlp.batchSize`, and a text the model fails on gets NaN
 * (not scored) without losing the rest of its batch; failures are counted and logged by count.
 */
export async function createTransformerScorer(nlp: Config['nlp'], opts: TransformerScorerOptions = {}): Promise<TransformerScorer> {
  const source = resolveModelSource(nlp);
  const { tokenizer, model, config } = await loadModel(source, nlp.threads);
  const labels = mapSentimentLabels(config.id2label, config.negative_labels);
  const maxLength = resolveMaxLength(tokenizer.model_max_length, config);
  const recent = new RecentScores();
  const streak = new FailureStreak();
  let failedTexts = 0;

  const infer = async (texts: readonly string[]): Promise<Float64Array> => {
    const clipped = texts.map((text) => text.slice(0, maxLength * MAX_CHARS_PER_TOKEN));
    const inputs = tokenizer(clipped, { padding: true, truncation: true, max_length: maxLength });
    const { logits } = (await model(inputs)) as { logits: Tensor };
    try {
      return negativeProbabilities(logits.data as Float32Array, texts.length, labels);
    } finally {
      logits.dispose();
    }
  };

  return {
    modelName: source.modelName,
    maxLength,
    labels,
    get failedTexts() {
      return failedTexts;
    },
    async scoreBatch(texts) {
      const result = await scoreDistinctTexts(texts, { infer, batchSize: nlp.batchSize, recent, streak });
      if (result.failed > 0) {
        failedTexts += result.failed;
        opts.logger?.warn({ failed: result.failed, failedTotal: failedTexts, model: source.modelName }, 'the NLP model failed on some texts; they are left unscored');
      }
      return result.scores;
    },
    async close() {
      await model.dispose();
    },
  };
}

/**
 * The tokenizer's model_max_length when it states one, else the model's position embeddings (minus RoBERTa's
 * padding offset), else 512: longer texts are truncated rather than crashing the graph.
 */
export function resolveMaxLength(tokenizerMax: number, config: { model_type?: string | null; max_position_embeddings?: number }): number {
  if (Number.isFinite(tokenizerMax) && tokenizerMax > 0 && tokenizerMax < MAX_PLAUSIBLE_LENGTH) return tokenizerMax;
  const positions = config.max_position_embeddings;
  if (positions === undefined || positions <= 0) return FALLBACK_MAX_LENGTH;
  return ROBERTA_FAMILY.has(config.model_type ?? '') ? positions - ROBERTA_POSITION_OFFSET : positions;
}

async function loadModel(source: ModelSource, threads: number | undefined): Promise<{ tokenizer: PreTrainedTokenizer; model: PreTrainedModel; config: ModelConfig }> {
  const { id, options } = configureLoading(source);
  try {
    const config = (await AutoConfig.from_pretrained(id, options)) as ModelConfig;
    // Labels are checked before the weights are read: a wrong model fails in milliseconds, not after the load.
    mapSentimentLabels(config.id2label, config.negative_labels);
    const [tokenizer, model] = await Promise.all([
      AutoTokenizer.from_pretrained(id, { ...options, config }),
      AutoModelForSequenceClassification.from_pretrained(id, {
        ...options,
        config,
        device: 'cpu',
        dtype: source.kind === 'folder' ? source.dtype : undefined,
        use_external_data_format: source.kind === 'folder' && source.externalData ? true : undefined,
        session_options: threads === undefined ? {} : { intraOpNumThreads: threads, interOpNumThreads: 1 },
      }),
    ]);
    return { tokenizer, model, config };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    const fix = source.kind === 'folder'
      ? 'check that the folder holds an ONNX export of a text-classification model'
      : 'without network access, set NLP_MODEL_PATH to a prepared model folder (README, "Transformer models") or use NLP_BACKEND=lexicon';
    throw new ConfigError(`could not load NLP model ${source.modelName}: ${reason.split('\n')[0]}; ${fix}`, { cause: err });
  }
}

/**
 * transformers.js reads these settings from its global `env` at load time. A folder is read in place and nothing
 * is cached or written (a read-only container works); a Hub id is downloaded once into the cache directory and
 * read from there afterwards, so a pre-baked cache needs no network either.
 */
function configureLoading(source: ModelSource): { id: string; options: PretrainedModelOptions } {
  if (source.kind === 'folder') {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.useFSCache = false;
    env.localModelPath = dirname(source.path);
    // An absolute path is used as-is (only Hub-like ids are looked up under localModelPath).
    return { id: source.path, options: { local_files_only: true } };
  }
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.useFSCache = true;
  env.cacheDir = source.cacheDir;
  return { id: source.id, options: { cache_dir: source.cacheDir } };
}
