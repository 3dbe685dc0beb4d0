// Builds the configured NLP scorer (SPEC §4): the offline lexicon by default, or a transformer model.
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { createLexiconScorer, LEXICON_MODEL_NAME } from './lexicon.js';
import type { Scorer } from './scorer.js';

/** The name scores and watermarks are stored under, known without loading the model. */
export function modelNameOf(nlp: Config['nlp']): string {
  return nlp.backend === 'lexicon' ? LEXICON_MODEL_NAME : nlp.modelName;
}

export async function createScorer(nlp: Config['nlp']): Promise<Scorer> {
  if (nlp.backend === 'lexicon') return createLexiconScorer();
  throw new ConfigError('NLP_BACKEND=transformer is not available in this build yet; use the lexicon backend');
}
