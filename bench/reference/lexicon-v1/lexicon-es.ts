// lexicon-es-v1 as shipped (commit 159ea99), kept verbatim for the throughput bench's v1 ratio only: nothing in src/ uses it.
// Expands the Spanish word lists (data/lexicon-es-words.ts) into folded forms with valence and role flags.

import {
  ADJECTIVES, BOOSTERS, CONTRASTS, COPULAS, COPULA_DEPENDENT, EMOJI, EXACT_WORDS, EXCLUDED_FORMS,
  NEGATORS, NOUNS, VERBS,
} from './data/lexicon-es-words.js';
import { foldWord } from './normalize-text.js';

/** Opens a negation scope over the next words. */
export const FLAG_NEGATOR = 1;
/** Multiplies the valence of the next polar word by `factor`. */
export const FLAG_BOOSTER = 2;
/** "pero": what came before counts less, what follows counts more. */
export const FLAG_CONTRAST = 4;
/** A verb that lets the next words read as a state ("estoy", "me siento"). */
export const FLAG_COPULA = 8;
/** Polar only after a copula ("me siento solo"); elsewhere it mostly means "only". */
export const FLAG_NEEDS_COPULA = 16;

/**
 * A negated negative word is only weakly positive ("no estoy triste" is not joy), while a negated
 * positive word is nearly as negative as its antonym ("no estoy bien"): the asymmetry reported for
 * negation in sentiment lexicons (e.g. Taboada et al. 2011, "Lexicon-based methods for sentiment analysis").
 */
export const NEGATED_POSITIVE_FACTOR = 0.8;
export const NEGATED_NEGATIVE_FACTOR = 0.5;

export interface LexiconEntry {
  /** AFINN-style valence: negative means a negative feeling. */
  valence: number;
  /** Valence inside a negation scope. */
  negatedValence: number;
  flags: number;
  /** Booster factor (1 when not a booster). */
  factor: number;
}

export interface SpanishLexicon {
  /** Folded form (see foldWord) -> entry. */
  readonly entries: ReadonlyMap<string, LexiconEntry>;
  /** Emoji / symbol code point -> valence. */
  readonly emoji: ReadonlyMap<number, number>;
  /** How many lemmas the word lists hold, before inflection. */
  readonly lemmaCount: number;
}

type Expand = (lemma: string) => string[];

/** Builds the lexicon; earlier lists win when two lists produce the same form (exact words before inflections). */
export function buildSpanishLexicon(): SpanishLexicon {
  const entries = new Map<string, LexiconEntry>();
  const excluded = new Set(splitWords(EXCLUDED_FORMS).map(foldWord));
  let lemmaCount = 0;
  const addPolar = (list: string, expand: Expand, flags: number, skipExcluded: boolean): void => {
    for (const { valence, lemma, negatedValence } of parsePolarList(list)) {
      lemmaCount++;
      for (const form of expand(lemma)) {
        const key = foldWord(form);
        if (skipExcluded && excluded.has(key)) continue;
        mergeEntry(entries, key, { valence, negatedValence, flags, factor: 1 });
      }
    }
  };
  for (const word of splitWords(NEGATORS)) mergeRole(entries, word, FLAG_NEGATOR, 1);
  for (const word of splitWords(CONTRASTS)) mergeRole(entries, word, FLAG_CONTRAST, 1);
  for (const word of splitWords(COPULAS)) mergeRole(entries, word, FLAG_COPULA, 1);
  for (const [word, factor] of Object.entries(BOOSTERS)) mergeRole(entries, word, FLAG_BOOSTER, factor);
  addPolar(EXACT_WORDS, (lemma) => [lemma], 0, false);
  addPolar(COPULA_DEPENDENT, (lemma) => [lemma], FLAG_NEEDS_COPULA, false);
  addPolar(ADJECTIVES, inflectAdjective, 0, true);
  addPolar(NOUNS, inflectNoun, 0, true);
  addPolar(VERBS, conjugateVerb, 0, true);
  return { entries, emoji: new Map(EMOJI), lemmaCount };
}

interface PolarLemma {
  valence: number;
  negatedValence: number;
  lemma: string;
}

/** Parses "<valence> word word/negatedValence ..." lines. */
function parsePolarList(list: string): PolarLemma[] {
  const lemmas: PolarLemma[] = [];
  for (const line of list.split('\n')) {
    const [head, ...words] = splitWords(line);
    if (head === undefined) continue;
    const [valence, negated] = head.split('/').map(Number);
    for (const word of words) {
      const [lemma, wordNegated] = word.split('/');
      const negatedValence = wordNegated !== undefined ? Number(wordNegated) : negated ?? negateValence(valence);
      lemmas.push({ valence, negatedValence, lemma });
    }
  }
  return lemmas;
}

function negateValence(valence: number): number {
  return valence > 0 ? -NEGATED_POSITIVE_FACTOR * valence : -NEGATED_NEGATIVE_FACTOR * valence;
}

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

function mergeRole(entries: Map<string, LexiconEntry>, word: string, flags: number, factor: number): void {
  mergeEntry(entries, foldWord(word), { valence: 0, negatedValence: 0, flags, factor });
}

/** Roles accumulate; the first non-zero valence and the first booster factor win. */
function mergeEntry(entries: Map<string, LexiconEntry>, key: string, entry: LexiconEntry): void {
  const existing = entries.get(key);
  if (existing === undefined) {
    entries.set(key, { ...entry });
    return;
  }
  existing.flags |= entry.flags;
  if (existing.valence === 0 && existing.negatedValence === 0) {
    existing.valence = entry.valence;
    existing.negatedValence = entry.negatedValence;
  }
  if (existing.factor === 1) existing.factor = entry.factor;
}

/** cansado -> cansada, cansados, cansadísimo, cansadito, cansadamente...; feliz -> felices, felizmente. */
export function inflectAdjective(lemma: string): string[] {
  const last = lemma.at(-1);
  const stem = lemma.slice(0, -1);
  if (last === 'o') {
    const soft = softenBeforeI(stem);
    return [lemma, `${stem}a`, `${stem}os`, `${stem}as`, `${stem}amente`,
      ...suffixes(soft, ['isimo', 'isima', 'isimos', 'isimas', 'ito', 'ita', 'itos', 'itas'])];
  }
  if (last === 'a') return [lemma, `${lemma}s`, `${lemma}mente`];
  if (last === 'e') return [lemma, `${lemma}s`, `${lemma}mente`, ...suffixes(stem, ['isimo', 'isima', 'isimos', 'isimas'])];
  if (last === 'z') return [lemma, `${stem}ces`, `${lemma}mente`, ...suffixes(`${stem}c`, ['isimo', 'isima'])];
  const gendered = /(?:on|ón|or)$/.test(lemma) ? [`${lemma}a`, `${lemma}as`] : [];
  return [lemma, `${lemma}es`, `${lemma}mente`, ...gendered, ...suffixes(lemma, ['isimo', 'isima'])];
}

/** lágrima -> lágrimas, dolor -> dolores, cicatriz -> cicatrices; words ending in s stay. */
export function inflectNoun(lemma: string): string[] {
  const last = lemma.at(-1);
  if (last === 's') return [lemma];
  if (last === 'z') return [lemma, `${lemma.slice(0, -1)}ces`];
  if (last !== undefined && 'aeiouáéíóú'.includes(last)) return [lemma, `${lemma}s`];
  return [lemma, `${lemma}es`];
}

const AR_ENDINGS = ['o', 'as', 'a', 'amos', 'ais', 'an', 'aste', 'asteis', 'aron', 'aba', 'abas', 'abamos', 'aban',
  'ara', 'aras', 'aramos', 'aran', 'ando', 'ado', 'ada', 'ados', 'adas', 'ame', 'ate', 'alo', 'ala'];
const AR_FRONT_ENDINGS = ['e', 'es', 'emos', 'eis', 'en'];
const ER_ENDINGS = ['es', 'e', 'emos', 'eis', 'en', 'i', 'iste', 'io', 'imos', 'isteis', 'ieron', 'ia', 'ias',
  'iamos', 'ian', 'iera', 'ieras', 'ieran', 'iendo', 'ido', 'ida', 'idos', 'idas', 'eme', 'ete'];
const ER_BACK_ENDINGS = ['o', 'a', 'as', 'amos', 'an'];
const IR_ENDINGS = ER_ENDINGS.map((ending) => (ending === 'emos' ? 'imos' : ending === 'eis' ? 'is' : ending));
const FUTURE_ENDINGS = ['e', 'as', 'a', 'emos', 'an', 'ia', 'ias', 'iamos', 'ian'];
const CLITICS = ['me', 'te', 'se', 'lo', 'la', 'le', 'nos', 'los', 'las'];

/** llorar -> lloro, lloré, llorando, llorándome, lloraré...; "perder(pierdo,pierde)" adds irregular forms. */
export function conjugateVerb(spec: string): string[] {
  const match = /^([^(]+)(?:\((.*)\))?$/.exec(spec);
  const infinitive = match?.[1] ?? spec;
  const irregular = match?.[2]?.split(',') ?? [];
  const stem = infinitive.slice(0, -2);
  const kind = infinitive.slice(-2);
  const gerund = kind === 'ar' ? `${stem}ando` : `${stem}iendo`;
  const forms = [infinitive, ...irregular, ...suffixes(infinitive, FUTURE_ENDINGS), ...suffixes(infinitive, CLITICS),
    ...suffixes(gerund, CLITICS)];
  if (kind === 'ar') {
    forms.push(...suffixes(stem, AR_ENDINGS), ...suffixes(softenBeforeE(stem), AR_FRONT_ENDINGS));
  } else {
    forms.push(...suffixes(stem, kind === 'er' ? ER_ENDINGS : IR_ENDINGS), ...suffixes(hardenBeforeA(stem), ER_BACK_ENDINGS));
  }
  return forms;
}

function suffixes(stem: string, endings: readonly string[]): string[] {
  return endings.map((ending) => stem + ending);
}

/** Spelling keeps the consonant sound before e: toqué, ahogué, abracé. */
function softenBeforeE(stem: string): string {
  return stem.replace(/c$/, 'qu').replace(/g$/, 'gu').replace(/z$/, 'c');
}

/** riquísimo, larguísimo. */
function softenBeforeI(stem: string): string {
  return stem.replace(/c$/, 'qu').replace(/g$/, 'gu');
}

/** Spelling keeps the consonant sound before o/a: agradezco, protejo. */
function hardenBeforeA(stem: string): string {
  return stem.replace(/([aeiou])c$/, '$1zc').replace(/g$/, 'j');
}
