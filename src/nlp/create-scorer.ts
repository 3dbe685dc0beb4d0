// Builds the configured NLP scorer (SPEC §4): the offline lexicon by default, or a transformer model.
import type { Config } from '../config.js';
import { createLexiconScorer, LEXICON_MODEL_NAME } from './lexicon.js';
import { resolveModelSource } from './model-folder.js';
import type { Scorer } from './scorer.js';
import type { TransformerScorerOptions } from './transformer.js';

export type CreateScorerOptions = TransformerScorerOptions;

/**
 * The name scores and watermarks are stored under, known without loading the model: the same as the scorer's
 * `modelName` (for a local folder `local:<folder>@<content hash>`, see model-folder.ts; throws ConfigError when
 * the folder is incomplete).
 */
export function modelNameOf(nlp: Config['nlp']): string {
  return nlp.backend === 'lexicon' ? LEXICON_MODEL_NAME : resolveModelSource(nlp).modelName;
}

export async function createScorer(nlp: Config['nlp'], opts: CreateScorerOptions = {}): Promise<Scorer> {
  if (nlp.backend === 'lexicon') return createLexiconScorer();
  // Imported on demand: transformers.js and onnxruntime take a while to load and the lexicon needs neither.
  const { createTransformerScorer } = await import('./transformer.js');
  return createTransformerScorer(nlp, opts);
}
