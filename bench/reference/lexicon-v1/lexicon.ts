// lexicon-es-v1 as shipped (commit 159ea99), kept verbatim for the throughput bench's v1 ratio only: nothing in src/ uses it.
// The offline `lexicon` backend (SPEC §4): one pass over char codes, tokens looked up by folded-code hash, no allocation per text.

import {
  buildSpanishLexicon, FLAG_BOOSTER, FLAG_CONTRAST, FLAG_COPULA, FLAG_NEEDS_COPULA, FLAG_NEGATOR,
  type SpanishLexicon,
} from './lexicon-es.js';
import {
  CHAR_CLAUSE_END, CHAR_EMOTICON_START, COMBINING_TILDE, FOLD_LIMIT, FOLD_TABLE, N_TILDE, isCombiningMark, isLaughter,
  matchEmoticon,
} from './normalize-text.js';

/** Stored with every score; bump it whenever the lexicon or the formula changes so stored scores are redone. */
export const LEXICON_MODEL_NAME = 'lexicon-es-v1';

/**
 * P(negative) of a text with no polar word. It is the prior, sigmoid(bias): roughly the share of negative
 * messages in teenage social media, so a neutral text sits clearly below a negative one but a user who
 * writes only neutral texts is not pulled to 0.5 (which would dominate per-user means, most texts being neutral).
 */
export const NEUTRAL_PROBABILITY = 0.3;

/** Logit change per unit of valence: one clearly negative word (-2.5) moves 0.30 to about 0.80. */
export const VALENCE_SLOPE = 0.9;

const BIAS = Math.log(NEUTRAL_PROBABILITY / (1 - NEUTRAL_PROBABILITY));
/** Words after a negator that it flips ("no me siento nada bien"). */
const NEGATION_SCOPE = 3;
/** Words after an intensifier that it can reach ("muy, muy cansada", "súper mega feliz"). */
const BOOST_SCOPE = 2;
const COPULA_SCOPE = 2;
const MAX_BOOST = 2.5;
/** "solo" without "estoy"/"me siento" before it usually means "only". */
const UNCOPULATED_FACTOR = 0.1;
/** What precedes "pero" is discounted, what follows is stressed, as VADER does for "but". */
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
const LAUGHTER_VALENCE = 1.5;
const HAPPY_EMOTICON_VALENCE = 1.5;
const SAD_EMOTICON_VALENCE = -2;
/** Longer tokens are never lexicon words; only their first chars are kept for the laughter check. */
const MAX_TOKEN = 32;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The Spanish lexicon in struct-of-arrays form, keyed by an open-addressed table on folded-code hashes. */
class CompiledLexicon {
  readonly slots: Int32Array;
  readonly mask: number;
  readonly hashes: Int32Array;
  readonly keyStart: Int32Array;
  readonly keyLength: Uint8Array;
  readonly keyCodes: Uint16Array;
  readonly valence: Float64Array;
  readonly negatedValence: Float64Array;
  readonly flags: Uint8Array;
  readonly factor: Float64Array;
  readonly emoji: ReadonlyMap<number, number>;

  constructor(lexicon: SpanishLexicon) {
    const keys = [...lexicon.entries.keys()].filter((key) => key.length <= MAX_TOKEN);
    const count = keys.length;
    let capacity = 1;
    while (capacity < count * 4) capacity <<= 1; // load <= 0.25: most misses stop at the first empty slot
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(count);
    this.keyStart = new Int32Array(count);
    this.keyLength = new Uint8Array(count);
    this.keyCodes = new Uint16Array(keys.reduce((total, key) => total + key.length, 0));
    this.valence = new Float64Array(count);
    this.negatedValence = new Float64Array(count);
    this.flags = new Uint8Array(count);
    this.factor = new Float64Array(count);
    this.emoji = lexicon.emoji;
    let offset = 0;
    keys.forEach((key, index) => {
      const entry = lexicon.entries.get(key)!;
      let hash = FNV_OFFSET;
      for (let i = 0; i < key.length; i++) {
        this.keyCodes[offset + i] = key.charCodeAt(i);
        hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
      }
      this.hashes[index] = hash;
      this.keyStart[index] = offset;
      this.keyLength[index] = key.length;
      this.valence[index] = entry.valence;
      this.negatedValence[index] = entry.negatedValence;
      this.flags[index] = entry.flags;
      this.factor[index] = entry.factor;
      offset += key.length;
      let slot = hash & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = index;
    });
  }

  /** Entry index of the folded token in `buffer[0..length)`, or -1. */
  find(buffer: Uint16Array, length: number, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const index = this.slots[slot];
      if (index < 0) return -1;
      if (this.hashes[index] === hash && this.keyLength[index] === length && this.keyEquals(index, buffer, length)) {
        return index;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private keyEquals(index: number, buffer: Uint16Array, length: number): boolean {
    const start = this.keyStart[index];
    for (let i = 0; i < length; i++) if (this.keyCodes[start + i] !== buffer[i]) return false;
    return true;
  }
}

/**
 * Scans one text at a time. Sentence state (negation, boost, copula, a deferred "bien") lives in fields
 * reused across texts, so scoring allocates nothing; scoreText is synchronous, so one instance can serve every caller.
 */
class LexiconScanner {
  private readonly buffer = new Uint16Array(MAX_TOKEN);
  private sum = 0;
  private negationLeft = 0;
  private boost = 1;
  private boostLeft = 0;
  private copulaLeft = 0;
  private contrast = 1;
  private hasPending = false;
  private pendingValue = 0;
  private pendingFactor = 1;

  constructor(private readonly lexicon: CompiledLexicon) {}

  /** P(negative) of one text: sigmoid(bias - slope * summed valence). */
  scoreText(text: string): number {
    this.resetState();
    const buffer = this.buffer;
    const length = text.length;
    let tokenLength = 0;
    let hash = FNV_OFFSET;
    let previousHash = FNV_OFFSET;
    let last = -1;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      let folded: number;
      if (code < FOLD_LIMIT) {
        folded = FOLD_TABLE[code];
      } else if (isCombiningMark(code)) {
        // NFD text: drop the accent, but n + combining tilde is ñ.
        if (code === COMBINING_TILDE && last === 0x6e && tokenLength > 0 && tokenLength <= MAX_TOKEN) {
          buffer[tokenLength - 1] = N_TILDE;
          hash = Math.imul(previousHash ^ N_TILDE, FNV_PRIME);
          last = N_TILDE;
        }
        continue;
      } else if (code >= 0xd800 && code <= 0xdbff) {
        if (tokenLength > 0) tokenLength = this.endToken(tokenLength, hash);
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          this.addSymbol(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
          i++;
        }
        continue;
      } else if ((code >= 0x2000 && code <= 0x2bff) || (code >= 0xfe00 && code <= 0xfe0f)) {
        // Punctuation, arrows, dingbats (❤ ☹ ✨), variation selectors: never part of a word.
        if (tokenLength > 0) tokenLength = this.endToken(tokenLength, hash);
        if (code === 0x2026) this.endClause();
        else this.addSymbol(code);
        continue;
      } else {
        folded = code; // another script: a word character that matches nothing
      }
      if (folded >= 0x30) {
        if (tokenLength === 0) {
          hash = FNV_OFFSET;
          last = -1;
        }
        if (folded !== last) {
          // Runs of a repeated letter collapse to one, as in foldWord ("siiiii" -> "si").
          if (tokenLength < MAX_TOKEN) {
            buffer[tokenLength] = folded;
            previousHash = hash;
            hash = Math.imul(hash ^ folded, FNV_PRIME);
          }
          tokenLength++;
          last = folded;
        }
        continue;
      }
      if (tokenLength > 0) tokenLength = this.endToken(tokenLength, hash);
      if (folded === CHAR_CLAUSE_END) this.endClause();
      else if (folded === CHAR_EMOTICON_START) i += this.scanEmoticon(text, i, code);
    }
    if (tokenLength > 0) this.endToken(tokenLength, hash);
    this.commitPending();
    // Exactly the prior when nothing polar was seen (the sigmoid's round trip is off by an ulp).
    return this.sum === 0 ? NEUTRAL_PROBABILITY : 1 / (1 + Math.exp(VALENCE_SLOPE * this.sum - BIAS));
  }

  private resetState(): void {
    this.sum = 0;
    this.contrast = 1;
    this.hasPending = false;
    this.endClause();
  }

  /** Handles a finished token; returns 0, the new token length. */
  private endToken(length: number, hash: number): number {
    const index = length <= MAX_TOKEN ? this.lexicon.find(this.buffer, length, hash) : -1;
    if (index < 0 && isLaughter(this.buffer, Math.min(length, MAX_TOKEN))) this.addLaughter();
    else this.addWord(index);
    return 0;
  }

  private addWord(index: number): void {
    const negated = this.negationLeft > 0;
    if (negated) this.negationLeft--;
    const boost = this.boostLeft > 0 ? this.boost : 1;
    if (this.boostLeft > 0) this.boostLeft--;
    const afterCopula = this.copulaLeft > 0;
    if (afterCopula) this.copulaLeft--;
    if (index < 0) {
      this.commitPending();
      return;
    }
    const lexicon = this.lexicon;
    const flags = lexicon.flags[index];
    let valence = negated ? lexicon.negatedValence[index] : lexicon.valence[index];
    if (valence === 0) {
      this.applyRoles(flags, lexicon.factor[index], boost);
      return;
    }
    if ((flags & FLAG_NEEDS_COPULA) !== 0 && !afterCopula) valence *= UNCOPULATED_FACTOR;
    if ((flags & FLAG_BOOSTER) !== 0) {
      // "bien" is positive on its own but only an intensifier before a polar word ("bien triste"): decide at the next word.
      this.commitPending();
      this.hasPending = true;
      this.pendingValue = valence * boost * this.contrast;
      this.pendingFactor = lexicon.factor[index];
      this.boostLeft = 0;
      return;
    }
    let totalBoost = boost;
    if (this.hasPending) {
      totalBoost = Math.min(MAX_BOOST, boost * this.pendingFactor);
      this.hasPending = false;
    }
    this.sum += valence * totalBoost * this.contrast;
    this.boostLeft = 0;
    if ((flags & FLAG_NEGATOR) !== 0) this.negationLeft = NEGATION_SCOPE;
  }

  private applyRoles(flags: number, factor: number, boost: number): void {
    this.commitPending();
    if ((flags & FLAG_NEGATOR) !== 0) this.negationLeft = NEGATION_SCOPE;
    if ((flags & FLAG_BOOSTER) !== 0) {
      this.boost = Math.min(MAX_BOOST, boost * factor);
      this.boostLeft = BOOST_SCOPE;
    }
    if ((flags & FLAG_COPULA) !== 0) this.copulaLeft = COPULA_SCOPE;
    if ((flags & FLAG_CONTRAST) !== 0) {
      this.endClause();
      this.sum *= CONTRAST_BEFORE;
      this.contrast = CONTRAST_AFTER;
    }
  }

  private addLaughter(): void {
    this.addWord(-1);
    this.sum += LAUGHTER_VALENCE * this.contrast;
  }

  /** Emoji and symbols end the clause: "no 😭" does not make the emoji positive. */
  private addSymbol(codePoint: number): void {
    const valence = this.lexicon.emoji.get(codePoint);
    if (valence === undefined) return;
    this.endClause();
    this.sum += valence * this.contrast;
  }

  /** Reads :) :( :'( :D :c =) ;) <3 </3 at `start`; returns how many extra chars it consumed. */
  private scanEmoticon(text: string, start: number, code: number): number {
    const matched = matchEmoticon(text, start, code);
    if (matched === 0) {
      if (code === 0x3a || code === 0x3b) this.endClause(); // ":" and ";" also end a clause
      return 0;
    }
    this.endClause();
    this.sum += (matched > 0 ? HAPPY_EMOTICON_VALENCE : SAD_EMOTICON_VALENCE) * this.contrast;
    return Math.abs(matched) - 1;
  }

  private commitPending(): void {
    if (!this.hasPending) return;
    this.sum += this.pendingValue;
    this.hasPending = false;
  }

  private endClause(): void {
    this.commitPending();
    this.negationLeft = 0;
    this.boostLeft = 0;
    this.copulaLeft = 0;
  }
}

export interface LexiconStats {
  /** Lemmas written in the word lists. */
  lemmas: number;
  /** Folded forms after inflection, the keys actually matched. */
  forms: number;
  emoji: number;
}

let compiled: { lexicon: SpanishLexicon; table: CompiledLexicon } | undefined;
let sharedScanner: LexiconScanner | undefined;

/** Builds the lexicon on first use (some 30 ms) and keeps it for the process. */
function loadCompiledLexicon(): CompiledLexicon {
  if (compiled === undefined) {
    const lexicon = buildSpanishLexicon();
    compiled = { lexicon, table: new CompiledLexicon(lexicon) };
  }
  return compiled.table;
}

function getSharedScanner(): LexiconScanner {
  sharedScanner ??= new LexiconScanner(loadCompiledLexicon());
  return sharedScanner;
}

/** P(negative) in [0,1] of one text; NEUTRAL_PROBABILITY when it has no polar word (empty text included). */
export function scoreText(text: string): number {
  return getSharedScanner().scoreText(text);
}

/** Scores `texts` into `out` (the hot path: no allocation); returns `out`. */
export function scoreTexts(texts: readonly string[], out: Float64Array): Float64Array {
  if (out.length < texts.length) throw new RangeError(`out holds ${out.length} scores, ${texts.length} texts given`);
  const scanner = getSharedScanner();
  for (let i = 0; i < texts.length; i++) out[i] = scanner.scoreText(texts[i]);
  return out;
}

/** Sizes of the loaded lexicon, for reports and benchmarks. */
export function describeLexicon(): LexiconStats {
  loadCompiledLexicon();
  const { lexicon } = compiled!;
  return { lemmas: lexicon.lemmaCount, forms: lexicon.entries.size, emoji: lexicon.emoji.size };
}
