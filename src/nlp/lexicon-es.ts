// Expands the Spanish word lists (data/lexicon-es-words.ts) into folded forms with valence and role flags.

import {
  ADJECTIVES, BOOSTERS, CONTRASTS, COPULAS, COPULA_DEPENDENT, EMOJI, EXACT_WORDS, EXCLUDED_FORMS,
  NEGATORS, NOUNS, VERBS,
} from './data/lexicon-es-words.js';
import {
  ALIASES, CRISIS_PHRASES, CRISIS_VETO_WORDS, FILLERS, INTENSIFYING_PHRASES, TOPIC_FRAMES, VALENCE_PHRASES,
} from './data/lexicon-es-phrases.js';
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
/** A function word ("me", "de", "la"): no valence of its own, and not counted in a negation's scope. */
export const FLAG_FILLER = 32;
/** After a crisis phrase, shows it is figurative ("me voy a cortar el pelo"). */
export const FLAG_CRISIS_VETO = 64;

/** What a phrase does when all its words are seen in a row (see data/lexicon-es-phrases.ts). */
export const PHRASE_VALENCE = 1;
export const PHRASE_CRISIS = 2;
export const PHRASE_TOPIC = 3;
export const PHRASE_INTENSIFY = 4;

export interface PhraseSpec {
  /** Folded words, each a key of `entries`. */
  words: string[];
  kind: number;
  valence: number;
}

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
  /** Multi-word expressions, matched before the single words they contain. */
  readonly phrases: readonly PhraseSpec[];
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
  for (const word of splitWords(FILLERS)) mergeRole(entries, word, FLAG_FILLER, 1);
  for (const word of splitWords(CRISIS_VETO_WORDS)) mergeRole(entries, word, FLAG_CRISIS_VETO, 1);
  addAliases(entries);
  const phrases = [
    ...parsePhrases(CRISIS_PHRASES, PHRASE_CRISIS, false),
    ...parsePhrases(VALENCE_PHRASES, PHRASE_VALENCE, true),
    ...parsePhrases(TOPIC_FRAMES, PHRASE_TOPIC, false),
    ...parsePhrases(INTENSIFYING_PHRASES, PHRASE_INTENSIFY, false),
  ];
  // Every phrase word needs an entry, so the scanner can tell it from an unknown word.
  for (const phrase of phrases) for (const word of phrase.words) if (!entries.has(word)) entries.set(word, emptyEntry());
  return { entries, emoji: new Map(EMOJI), lemmaCount, phrases };
}

function emptyEntry(): LexiconEntry {
  return { valence: 0, negatedValence: 0, flags: 0, factor: 1 };
}

/** "q" shares the entry of "que": one lookup per token, no rewriting of the text. */
function addAliases(entries: Map<string, LexiconEntry>): void {
  for (const line of ALIASES.split('\n')) {
    const [word, ...aliases] = splitWords(line);
    if (word === undefined) continue;
    const key = foldWord(word);
    let entry = entries.get(key);
    if (entry === undefined) entries.set(key, (entry = emptyEntry()));
    for (const alias of aliases) entries.set(foldWord(alias), entry);
  }
}

/**
 * Parses phrase lines ("[valence] slot slot ..."; a slot is "a|b|c", "?" at its end makes it optional;
 * "#" starts a comment line) into every word sequence they allow; the first definition of a sequence wins.
 */
export function parsePhrases(list: string, kind: number, withValence: boolean): PhraseSpec[] {
  const out: PhraseSpec[] = [];
  const seen = new Set<string>();
  for (const line of list.split('\n')) {
    const parts = splitWords(line);
    if (!parts.length || parts[0].startsWith('#')) continue;
    const valence = withValence ? Number(parts.shift()) : 0;
    if (Number.isNaN(valence)) throw new Error(`bad phrase line: ${line}`);
    let sequences: string[][] = [[]];
    for (const slot of parts) {
      const optional = slot.endsWith('?');
      const words = (optional ? slot.slice(0, -1) : slot).split('|').map(foldWord).filter((w) => w.length > 0);
      const next = sequences.flatMap((seq) => words.map((w) => [...seq, w]));
      sequences = optional ? [...sequences, ...next] : next;
    }
    for (const words of sequences) {
      const key = words.join(' ');
      if (!words.length || seen.has(key)) continue;
      seen.add(key);
      out.push({ words, kind, valence });
    }
  }
  return out;
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
    if (head === undefined || head.startsWith('#')) continue; // a comment naming the group below it
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
