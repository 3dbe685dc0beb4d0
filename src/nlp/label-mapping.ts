// The one place that decides which output labels of a sentiment model mean "negative", and turns logits into P(negative).
import { ConfigError } from '../errors.js';

/** Polarity words in label names, after lowercasing and dropping spaces, '_' and '-'. */
const NEGATIVE_NAMES = new Set(['neg', 'negative', 'negativo', 'negativa', 'verynegative', 'muynegativo']);
const NEUTRAL_NAMES = new Set(['neu', 'neutral', 'neutro', 'neutra', 'none', 'mixed']);
const POSITIVE_NAMES = new Set(['pos', 'positive', 'positivo', 'positiva', 'verypositive', 'muypositivo']);
/** "1 star", "2 stars" (Xenova/bert-base-multilingual-uncased-sentiment, nlptown): 1-2 stars are negative. */
const STAR_LABEL = /^([1-5])\s*stars?$/i;
const MAX_NEGATIVE_STARS = 2;
/** LABEL_0, LABEL_1...: the names a model gets when nobody named its classes. */
const GENERIC_LABEL = /^LABEL_\d+$/;

export interface LabelMapping {
  /** Label names in logit order. */
  labels: readonly string[];
  /** One flag per logit: counts towards P(negative). */
  negative: readonly boolean[];
}

/**
 * Decides the negative labels of a model from config.json's id2label.
 *
 * - Polarity names (NEG/NEU/POS, negative/neutral/positive, Spanish forms, "very negative"): the negative ones.
 * - Star ratings ("1 star".."5 stars"): 1 and 2 stars.
 * - `declaredNegative` (config.json's optional `"negative_labels"` list) overrides both, and is the only way to
 *   use generic LABEL_0/LABEL_1 names: whether LABEL_0 is negative depends on how the model was trained, so
 *   guessing would silently invert scores.
 * Anything else is a ConfigError, never a silent 0.
 */
export function mapSentimentLabels(id2label: Readonly<Record<string, string>> | undefined, declaredNegative?: readonly string[]): LabelMapping {
  const labels = orderLabels(id2label);
  if (declaredNegative !== undefined) return mapDeclared(labels, declaredNegative);
  if (labels.every((label) => STAR_LABEL.test(label.trim()))) {
    return { labels, negative: labels.map((label) => Number(STAR_LABEL.exec(label.trim())![1]) <= MAX_NEGATIVE_STARS) };
  }
  const unknown = labels.filter((label) => classifyLabel(label) === undefined);
  if (unknown.length) {
    const generic = labels.every((label) => GENERIC_LABEL.test(label));
    throw new ConfigError(
      generic
        ? `model labels ${labels.join(', ')} do not say which class is negative; add "negative_labels": ["LABEL_0"] (the right ones) to the model's config.json`
        : `model labels ${unknown.map((l) => `"${l}"`).join(', ')} are not sentiment labels (expected NEG/NEU/POS, negative/neutral/positive or "1 star".."5 stars"); add "negative_labels": [...] to the model's config.json`,
    );
  }
  const negative = labels.map((label) => classifyLabel(label) === 'negative');
  requireBothSides(labels, negative);
  return { labels, negative };
}

/** P(negative) per row: the sum of the softmax probabilities of the negative labels, computed in float64. */
export function negativeProbabilities(logits: ArrayLike<number>, rows: number, mapping: LabelMapping): Float64Array {
  const width = mapping.labels.length;
  if (logits.length !== rows * width) {
    throw new ConfigError(`the model returned ${logits.length / rows} logits per text but config.json's id2label names ${width} labels`);
  }
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const offset = row * width;
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, logits[offset + j]);
    let total = 0;
    let negative = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(logits[offset + j] - max); // shifted by the max so exp never overflows
      total += e;
      if (mapping.negative[j]) negative += e;
    }
    out[row] = negative / total;
  }
  return out;
}

function orderLabels(id2label: Readonly<Record<string, string>> | undefined): string[] {
  const entries = Object.entries(id2label ?? {});
  if (entries.length < 2) throw new ConfigError('the model\'s config.json has no id2label with at least two labels; it is not a sentiment classifier');
  const labels: string[] = [];
  for (const [id, label] of entries) {
    const index = Number(id);
    if (!Number.isInteger(index) || index < 0 || index >= entries.length || labels[index] !== undefined) {
      throw new ConfigError(`the model's config.json id2label has ids ${Object.keys(id2label!).join(', ')}; expected 0..${entries.length - 1}`);
    }
    labels[index] = String(label);
  }
  return labels;
}

function classifyLabel(label: string): 'negative' | 'neutral' | 'positive' | undefined {
  const key = label.toLowerCase().replace(/[\s_-]+/g, '');
  if (NEGATIVE_NAMES.has(key)) return 'negative';
  if (NEUTRAL_NAMES.has(key)) return 'neutral';
  if (POSITIVE_NAMES.has(key)) return 'positive';
  return undefined;
}

function mapDeclared(labels: string[], declaredNegative: readonly string[]): LabelMapping {
  const missing = declaredNegative.filter((name) => !labels.includes(name));
  if (missing.length) throw new ConfigError(`config.json negative_labels names ${missing.join(', ')}, which are not among the model labels ${labels.join(', ')}`);
  const negative = labels.map((label) => declaredNegative.includes(label));
  requireBothSides(labels, negative);
  return { labels, negative };
}

/** All-negative or no-negative mappings would give constant scores: a misconfiguration, not a model. */
function requireBothSides(labels: readonly string[], negative: readonly boolean[]): void {
  if (!negative.includes(true) || !negative.includes(false)) {
    throw new ConfigError(`model labels ${labels.join(', ')} need at least one negative and one non-negative label`);
  }
}
