// The offline `lexicon` backend (SPEC §4): one pass over char codes, tokens looked up by folded-code hash, no allocation per text.

import { CLAP_EMOJI, CRY_EMOJI, IRONY_EMOJI, LAUGH_EMOJI } from './data/lexicon-es-words.js';
import {
  buildSpanishLexicon, FLAG_BOOSTER, FLAG_CONTRAST, FLAG_COPULA, FLAG_CRISIS_VETO, FLAG_NEEDS_COPULA, FLAG_NEGATOR,
  PHRASE_CRISIS, PHRASE_INTENSIFY, PHRASE_TOPIC, PHRASE_VALENCE, type SpanishLexicon,
} from './lexicon-es.js';
import {
  CHAR_CLAUSE_END, CHAR_EMOTICON_START, CHAR_SEPARATOR, COMBINING_TILDE, FOLD_LIMIT, FOLD_TABLE, N_TILDE, isCombiningMark, isLaughter,
  matchEmoticon,
} from './normalize-text.js';
import type { Scorer } from './scorer.js';

/** Stored with every score; bump it whenever the lexicon or the formula changes so stored scores are redone. */
export const LEXICON_MODEL_NAME = 'lexicon-es-v2';

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
/** Valence a crisis text gets on top of its words: it always reads as strongly negative. */
export const CRISIS_VALENCE = -5;
/** Words after a crisis phrase in which a veto word (data/lexicon-es-phrases.ts) makes it figurative. */
const CRISIS_VETO_WINDOW = 3;
/** Content words after a topic frame ("una charla sobre ...") read as the topic: no valence, no crisis. */
const TOPIC_SCOPE = 3;
/** "no paro de llorar": the phrase intensifies what follows. */
const INTENSIFY_FACTOR = 1.5;
/** 😭 in a positive text (tears of joy), and 😭 with no polar word anywhere (mildly sad). */
const CRY_POSITIVE = 1.5;
const CRY_ALONE = -1.5;
/** After an irony marker, each positive contribution counts this much negative instead. */
const IRONY_FLIP = 1;
/** Contributions of the last RING tokens are kept, so a phrase can take back its words' valence. */
const RING = 8;
const MAX_ACTIVE_PHRASES = 16;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/**
 * Called through `.call` rather than as `text.charCodeAt`: texts arrive as flat, sliced or two-byte strings, and a
 * `text.charCodeAt` property load that has seen too many string shapes goes megamorphic and stops being inlined
 * (measured: 0.6 M instead of 1 M texts/s once the labelled set, sliced from one file, had been scored first).
 */
const charCodeAt = String.prototype.charCodeAt;

/** The Spanish lexicon in struct-of-arrays form, keyed by an open-addressed table on folded-code hashes. */
class CompiledLexicon {
  /** Open-addressed slots of (hash, entry index) pairs, so a probe reads one cache line; index -1 when empty. */
  readonly slots: Int32Array;
  readonly mask: number;
  readonly keyStart: Int32Array;
  readonly keyLength: Uint8Array;
  readonly keyCodes: Uint16Array;
  readonly valence: Float64Array;
  readonly negatedValence: Float64Array;
  readonly flags: Uint8Array;
  readonly factor: Float64Array;
  readonly emoji: ReadonlyMap<number, number>;
  /** Emoji valences by code point for U+1F000..U+1FBFF and U+2000..U+2BFF, NaN where the lexicon has none. */
  private readonly emojiHigh = new Float64Array(0xc00).fill(NaN);
  private readonly emojiLow = new Float64Array(0xc00).fill(NaN);
  /** 1 for a word with no valence either way (a function word, negator, booster, copula). */
  readonly functionWord: Uint8Array;
  /** Word identity shared by a word and its aliases ("q" and "que"), for the phrase trie. */
  readonly wordId: Int32Array;
  readonly phrases: PhraseTrie;
  /** Trie node a phrase reaches by its first word, per entry; -1 for a word that starts no phrase (it skips the trie while none is open). */
  readonly startsPhrase: Int32Array;

  constructor(lexicon: SpanishLexicon) {
    const keys = [...lexicon.entries.keys()].filter((key) => key.length <= MAX_TOKEN);
    const count = keys.length;
    let capacity = 1;
    while (capacity < count * 2) capacity <<= 1; // load <= 0.5, two slots per cache line: most misses stop at the first empty slot
    this.slots = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity - 1;
    this.keyStart = new Int32Array(count);
    this.keyLength = new Uint8Array(count);
    this.keyCodes = new Uint16Array(keys.reduce((total, key) => total + key.length, 0));
    this.valence = new Float64Array(count);
    this.negatedValence = new Float64Array(count);
    this.flags = new Uint8Array(count);
    this.factor = new Float64Array(count);
    this.emoji = lexicon.emoji;
    for (const [codePoint, valence] of lexicon.emoji) {
      if (codePoint >= 0x1f000 && codePoint < 0x1fc00) this.emojiHigh[codePoint - 0x1f000] = valence;
      else if (codePoint >= 0x2000 && codePoint < 0x2c00) this.emojiLow[codePoint - 0x2000] = valence;
    }
    this.functionWord = new Uint8Array(count);
    this.wordId = new Int32Array(count);
    const ids = new Map<object, number>();
    let offset = 0;
    keys.forEach((key, index) => {
      const entry = lexicon.entries.get(key)!;
      if (!ids.has(entry)) ids.set(entry, ids.size);
      this.wordId[index] = ids.get(entry)!;
      let hash = FNV_OFFSET;
      for (let i = 0; i < key.length; i++) {
        this.keyCodes[offset + i] = key.charCodeAt(i);
        hash = Math.imul(hash ^ key.charCodeAt(i), FNV_PRIME);
      }
      this.keyStart[index] = offset;
      this.keyLength[index] = key.length;
      this.valence[index] = entry.valence;
      this.negatedValence[index] = entry.negatedValence;
      this.flags[index] = entry.flags;
      this.factor[index] = entry.factor;
      this.functionWord[index] = entry.valence === 0 && entry.negatedValence === 0 ? 1 : 0;
      offset += key.length;
      let slot = hash & this.mask;
      while (this.slots[2 * slot + 1] !== -1) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = hash;
      this.slots[2 * slot + 1] = index;
    });
    const phrases = lexicon.phrases.map((p) => ({ ...p, ids: p.words.map((w) => ids.get(lexicon.entries.get(w)!)!) }));
    this.phrases = new PhraseTrie(phrases);
    this.startsPhrase = Int32Array.from(this.wordId, (id) => this.phrases.child(0, id));
  }

  /** Entry index of the folded token in `buffer[0..length)`, or -1. */
  find(buffer: Uint16Array, length: number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const index = slots[2 * slot + 1];
      if (index < 0) return -1;
      if (slots[2 * slot] === hash && this.keyLength[index] === length && this.keyEquals(index, buffer, length)) {
        return index;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Valence of an emoji or symbol, NaN when the lexicon has none. */
  emojiValence(codePoint: number): number {
    if (codePoint >= 0x1f000 && codePoint < 0x1fc00) return this.emojiHigh[codePoint - 0x1f000];
    if (codePoint >= 0x2000 && codePoint < 0x2c00) return this.emojiLow[codePoint - 0x2000];
    const valence = this.emoji.get(codePoint);
    return valence === undefined ? NaN : valence;
  }

  private keyEquals(index: number, buffer: Uint16Array, length: number): boolean {
    const start = this.keyStart[index];
    for (let i = 0; i < length; i++) if (this.keyCodes[start + i] !== buffer[i]) return false;
    return true;
  }
}


/** Phrases as a trie over word ids; transitions in an open-addressed table (node, word) -> child. */
class PhraseTrie {
  readonly kind: Uint8Array;
  readonly valence: Float64Array;
  readonly length: Uint8Array;
  private readonly tNode: Int32Array;
  private readonly tWord: Int32Array;
  private readonly tChild: Int32Array;
  private readonly mask: number;

  constructor(phrases: ReadonlyArray<{ ids: number[]; kind: number; valence: number }>) {
    const edges = new Map<string, number>();
    const kinds = [0];
    const valences = [0];
    const lengths = [0];
    for (const p of phrases) {
      let node = 0;
      for (const id of p.ids) {
        const key = `${node}:${id}`;
        let child = edges.get(key);
        if (child === undefined) {
          child = kinds.length;
          kinds.push(0);
          valences.push(0);
          lengths.push(lengths[node] + 1);
          edges.set(key, child);
        }
        node = child;
      }
      if (kinds[node] === 0) {
        kinds[node] = p.kind;
        valences[node] = p.valence;
      }
    }
    this.kind = Uint8Array.from(kinds);
    this.valence = Float64Array.from(valences);
    this.length = Uint8Array.from(lengths);
    let capacity = 1;
    while (capacity < edges.size * 4) capacity <<= 1;
    this.mask = capacity - 1;
    this.tNode = new Int32Array(capacity).fill(-1);
    this.tWord = new Int32Array(capacity);
    this.tChild = new Int32Array(capacity);
    for (const [key, child] of edges) {
      const [node, word] = key.split(':').map(Number);
      let slot = PhraseTrie.hash(node, word) & this.mask;
      while (this.tNode[slot] !== -1) slot = (slot + 1) & this.mask;
      this.tNode[slot] = node;
      this.tWord[slot] = word;
      this.tChild[slot] = child;
    }
  }

  private static hash(node: number, word: number): number {
    return Math.imul(Math.imul(node, 0x9e3779b1) ^ word, FNV_PRIME) >>> 7;
  }

  /** The node reached from `node` by `word`, or -1. */
  child(node: number, word: number): number {
    let slot = PhraseTrie.hash(node, word) & this.mask;
    for (;;) {
      const n = this.tNode[slot];
      if (n === -1) return -1;
      if (n === node && this.tWord[slot] === word) return this.tChild[slot];
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * Scans one text at a time. Sentence state (negation, boost, copula, a deferred "bien") lives in fields
 * reused across texts, so scoring allocates nothing; scoreText is synchronous, so one instance can serve every caller.
 */
class LexiconScanner {
  private readonly buffer = new Uint16Array(MAX_TOKEN);
  /** Positive and negative contributions apart: irony turns the positive ones around. */
  private positive = 0;
  private negative = 0;
  private negationLeft = 0;
  private boost = 1;
  private boostLeft = 0;
  private copulaLeft = 0;
  private contrast = 1;
  private hasPending = false;
  private pendingValue = 0;
  private pendingFactor = 1;
  private pendingPosition = 0;
  /** Token counter and each recent token's contribution (a phrase takes its words' back). */
  private position = 0;
  private readonly contribution = new Float64Array(RING);
  private active = new Int32Array(MAX_ACTIVE_PHRASES);
  private nextActive = new Int32Array(MAX_ACTIVE_PHRASES);
  private activeCount = 0;
  private topicLeft = 0;
  private crisisPending = false;
  private vetoLeft = 0;
  private pendingCries = 0;
  private irony = false;
  private clap = false;
  /** Whether the last text scored is crisis language. */
  crisis = false;

  constructor(private readonly lexicon: CompiledLexicon) {}

  /** P(negative) of one text: sigmoid(bias - slope * summed valence); sets `crisis`. */
  scoreText(text: string): number {
    this.resetState();
    const buffer = this.buffer;
    const fold = FOLD_TABLE;
    const length = text.length;
    let tokenLength = 0;
    let hash = FNV_OFFSET;
    let previousHash = FNV_OFFSET;
    let last = -1;
    for (let i = 0; i < length; i++) {
      const code = charCodeAt.call(text, i);
      let folded: number;
      if (code - 0x61 >>> 0 < 26) {
        folded = code; // a-z, most of any Spanish text: folds to itself
      } else if (code < FOLD_LIMIT) {
        folded = fold[code];
        if (folded < 0x30) {
          // Separator or punctuation: ends the token; clause ends and emoticons are rarer and handled apart.
          if (tokenLength > 0) tokenLength = this.endToken(tokenLength, hash);
          if (folded !== CHAR_SEPARATOR) i = this.scanPunctuation(text, i, code, folded);
          continue;
        }
      } else if (isCombiningMark(code)) {
        // NFD text: drop the accent, but n + combining tilde is ñ.
        if (code === COMBINING_TILDE && last === 0x6e && tokenLength > 0 && tokenLength <= MAX_TOKEN) {
          buffer[tokenLength - 1] = N_TILDE;
          hash = Math.imul(previousHash ^ N_TILDE, FNV_PRIME);
          last = N_TILDE;
        }
        continue;
      } else if ((code >= 0xd800 && code <= 0xdbff) || (code >= 0x2000 && code <= 0x2bff) || (code >= 0xfe00 && code <= 0xfe0f)) {
        // Emoji (surrogate pairs), punctuation, arrows, dingbats (❤ ☹ ✨), variation selectors: never part of a word.
        if (tokenLength > 0) tokenLength = this.endToken(tokenLength, hash);
        i = this.scanSymbol(text, i, code);
        continue;
      } else {
        folded = code; // another script: a word character that matches nothing
      }
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
    }
    if (tokenLength > 0) this.endToken(tokenLength, hash);
    return this.finish();
  }

  /** A clause end or a possible emoticon at `i`; returns the index of the last char it consumed. */
  private scanPunctuation(text: string, i: number, code: number, folded: number): number {
    if (folded === CHAR_CLAUSE_END) this.endClause();
    else if (folded === CHAR_EMOTICON_START) return i + this.scanEmoticon(text, i, code);
    return i;
  }

  /** An emoji (surrogate pair at `i`) or a symbol of U+2000..U+2BFF; returns the index of the last char it consumed. */
  private scanSymbol(text: string, i: number, code: number): number {
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = charCodeAt.call(text, i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.addSymbol(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
        return i + 1;
      }
    } else if (code === 0x2026) {
      this.endClause();
    } else {
      this.addSymbol(code);
    }
    return i;
  }

  private finish(): number {
    this.commitPending();
    let positive = this.positive;
    let negative = this.negative + this.pendingCries * CRY_ALONE;
    if (this.irony || (this.clap && negative < 0)) {
      // Irony never turns a complaint positive: "genial, otra vez sola 🙃" praises nothing.
      negative -= positive * IRONY_FLIP;
      positive = 0;
    }
    this.crisis = this.crisisPending;
    if (this.crisis) negative += CRISIS_VALENCE;
    const sum = positive + negative;
    // Exactly the prior when nothing polar was seen (the sigmoid's round trip is off by an ulp).
    return sum === 0 ? NEUTRAL_PROBABILITY : 1 / (1 + Math.exp(VALENCE_SLOPE * sum - BIAS));
  }

  private resetState(): void {
    this.positive = 0;
    this.negative = 0;
    this.contrast = 1;
    this.hasPending = false;
    this.position = 0;
    const contribution = this.contribution;
    for (let k = 0; k < RING; k++) contribution[k] = 0;
    this.crisisPending = false;
    this.vetoLeft = 0;
    this.pendingCries = 0;
    this.irony = false;
    this.clap = false;
    this.endClause();
  }

  /** Adds one contribution to the text's valence, kept in the current token's ring slot. */
  private add(value: number): void {
    if (value === 0) return;
    if (this.pendingCries > 0) {
      // 😭 before any polar word takes the polarity of the first one.
      const cries = this.pendingCries * (value > 0 ? CRY_POSITIVE : CRY_ALONE);
      this.pendingCries = 0;
      if (cries > 0) this.positive += cries;
      else this.negative += cries;
    }
    if (value > 0) this.positive += value;
    else this.negative += value;
    this.contribution[this.position & (RING - 1)] += value;
  }

  /** Takes back the contribution of the token `back` tokens before the current one. */
  private takeBack(back: number): void {
    const slot = (this.position - back) & (RING - 1);
    const value = this.contribution[slot];
    if (value > 0) this.positive -= value;
    else this.negative -= value;
    this.contribution[slot] = 0;
  }

  /** Handles a finished token; returns 0, the new token length. */
  private endToken(length: number, hash: number): number {
    const lexicon = this.lexicon;
    const index = length <= MAX_TOKEN ? lexicon.find(this.buffer, length, hash) : -1;
    if (index < 0) {
      this.unknownToken(length);
      return 0;
    }
    this.position++;
    this.contribution[this.position & (RING - 1)] = 0;
    if (this.vetoLeft > 0) {
      this.vetoLeft--;
      if ((lexicon.flags[index] & FLAG_CRISIS_VETO) !== 0 || isGerund(this.buffer, length)) this.crisisPending = false;
    }
    const first = lexicon.startsPhrase[index];
    const phrase = this.activeCount > 0 || first >= 0 ? this.advancePhrases(lexicon.wordId[index], first) : -1;
    if (phrase > 0) this.applyPhrase(phrase);
    else this.addWord(index);
    return 0;
  }

  /** A word the lexicon does not know: laughter, or a content word that uses up scopes and closes open phrases. */
  private unknownToken(length: number): void {
    this.activeCount = 0;
    if (length >= 4 && isLaughter(this.buffer, length < MAX_TOKEN ? length : MAX_TOKEN)) {
      this.addLaughter();
      return;
    }
    this.position++;
    this.contribution[this.position & (RING - 1)] = 0;
    if (this.vetoLeft > 0) {
      this.vetoLeft--;
      if (isGerund(this.buffer, length)) this.crisisPending = false;
    }
    // addWord(-1): not a function word, so it counts against the negation and topic scopes.
    if (this.negationLeft > 0) this.negationLeft--;
    if (this.topicLeft > 0) this.topicLeft--;
    if (this.boostLeft > 0) this.boostLeft--;
    if (this.copulaLeft > 0) this.copulaLeft--;
    if (this.hasPending) this.commitPending();
  }

  /** Moves every open phrase by `word` and opens the phrase it starts (`first`, -1 if none); returns the longest phrase completed by it, or -1. */
  private advancePhrases(word: number, first: number): number {
    const trie = this.lexicon.phrases;
    const next = this.nextActive;
    let count = 0;
    let best = -1;
    for (let k = 0; k <= this.activeCount; k++) {
      // The open phrases first, then a new one starting at this word (its node precomputed).
      const child = k < this.activeCount ? trie.child(this.active[k], word) : first;
      if (child < 0) continue;
      if (count < MAX_ACTIVE_PHRASES) next[count++] = child;
      if (trie.kind[child] !== 0 && (best < 0 || trie.length[child] > trie.length[best])) best = child;
    }
    this.nextActive = this.active;
    this.active = next;
    this.activeCount = count;
    return best;
  }

  /** A phrase replaces what its words contributed and what they opened (negation, boost). */
  private applyPhrase(node: number): void {
    const trie = this.lexicon.phrases;
    const length = trie.length[node];
    for (let back = 1; back < length && back < RING; back++) this.takeBack(back);
    if (this.hasPending && this.position - this.pendingPosition < length) this.hasPending = false;
    else this.commitPending();
    this.negationLeft = 0;
    this.boostLeft = 0;
    const kind = trie.kind[node];
    if (kind === PHRASE_VALENCE) {
      if (this.topicLeft === 0) this.add(trie.valence[node] * this.contrast);
    } else if (kind === PHRASE_CRISIS) {
      if (this.topicLeft === 0) {
        this.crisisPending = true;
        this.vetoLeft = CRISIS_VETO_WINDOW;
      }
    } else if (kind === PHRASE_TOPIC) {
      this.topicLeft = TOPIC_SCOPE;
    } else if (kind === PHRASE_INTENSIFY) {
      this.boost = INTENSIFY_FACTOR;
      this.boostLeft = BOOST_SCOPE;
    }
  }

  private addWord(index: number): void {
    const lexicon = this.lexicon;
    // Function words, negators, boosters and copulas do not use up a negation's scope or a topic's.
    const functionWord = index >= 0 && lexicon.functionWord[index] === 1;
    const negated = this.negationLeft > 0;
    if (negated && !functionWord) this.negationLeft--;
    const muted = this.topicLeft > 0;
    if (muted && !functionWord) this.topicLeft--;
    const boost = this.boostLeft > 0 ? this.boost : 1;
    if (this.boostLeft > 0) this.boostLeft--;
    const afterCopula = this.copulaLeft > 0;
    if (afterCopula) this.copulaLeft--;
    if (index < 0) {
      this.commitPending();
      return;
    }
    const flags = lexicon.flags[index];
    let valence = negated ? lexicon.negatedValence[index] : lexicon.valence[index];
    if (valence === 0 || muted) {
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
      this.pendingPosition = this.position;
      this.boostLeft = 0;
      return;
    }
    let totalBoost = boost;
    if (this.hasPending) {
      totalBoost = Math.min(MAX_BOOST, boost * this.pendingFactor);
      this.hasPending = false;
    }
    this.add(valence * totalBoost * this.contrast);
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
      this.positive *= CONTRAST_BEFORE;
      this.negative *= CONTRAST_BEFORE;
      for (let k = 0; k < RING; k++) this.contribution[k] *= CONTRAST_BEFORE;
      this.contrast = CONTRAST_AFTER;
    }
  }

  private addLaughter(): void {
    this.addWord(-1);
    this.crisisPending = false; // "me quiero morir jajaja" is embarrassment, not a wish to die
    this.add(LAUGHTER_VALENCE * this.contrast);
  }

  /** Emoji and symbols end the clause: "no 😭" does not make the emoji positive. */
  private addSymbol(codePoint: number): void {
    if (codePoint === CRY_EMOJI) {
      this.endClause();
      const sum = this.positive + this.negative;
      if (sum > 0) this.add(CRY_POSITIVE * this.contrast);
      else if (sum < 0) this.add(this.lexicon.emojiValence(codePoint) * this.contrast);
      else this.pendingCries++;
      return;
    }
    if (codePoint === CLAP_EMOJI) this.clap = true;
    else if (isOneOf(codePoint, IRONY_EMOJI)) this.irony = true;
    else if (isOneOf(codePoint, LAUGH_EMOJI)) this.crisisPending = false;
    const valence = this.lexicon.emojiValence(codePoint);
    if (Number.isNaN(valence)) return;
    this.endClause();
    this.add(valence * this.contrast);
  }

  /** Reads :) :( :'( :D :c =) ;) <3 </3 at `start`; returns how many extra chars it consumed. */
  private scanEmoticon(text: string, start: number, code: number): number {
    const matched = matchEmoticon(text, start, code);
    if (matched === 0) {
      if (code === 0x3a || code === 0x3b) this.endClause(); // ":" and ";" also end a clause
      return 0;
    }
    this.endClause();
    this.add((matched > 0 ? HAPPY_EMOTICON_VALENCE : SAD_EMOTICON_VALENCE) * this.contrast);
    return Math.abs(matched) - 1;
  }

  private commitPending(): void {
    if (!this.hasPending) return;
    this.hasPending = false;
    const value = this.pendingValue;
    if (value > 0) this.positive += value;
    else this.negative += value;
    if (this.position - this.pendingPosition < RING) this.contribution[this.pendingPosition & (RING - 1)] += value;
  }

  private endClause(): void {
    this.commitPending();
    this.negationLeft = 0;
    this.boostLeft = 0;
    this.copulaLeft = 0;
    this.topicLeft = 0;
    this.activeCount = 0;
  }
}

function isOneOf(codePoint: number, list: readonly number[]): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === codePoint) return true;
  return false;
}

const CODE_A = 0x61;
const CODE_D = 0x64;
const CODE_E = 0x65;
const CODE_I = 0x69;
const CODE_N = 0x6e;
const CODE_O = 0x6f;

/** "estudiando", "corriendo": a gerund after a crisis phrase makes it figurative ("me mato estudiando"). */
function isGerund(buffer: Uint16Array, length: number): boolean {
  if (length < 5 || length > MAX_TOKEN) return false;
  return buffer[length - 1] === CODE_O && buffer[length - 2] === CODE_D && buffer[length - 3] === CODE_N &&
    (buffer[length - 4] === CODE_A || (buffer[length - 4] === CODE_E && buffer[length - 5] === CODE_I));
}

export interface LexiconStats {
  /** Lemmas written in the word lists. */
  lemmas: number;
  /** Multi-word phrases (after expanding their alternatives). */
  phrases: number;
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

/**
 * Texts that take every branch of the scanner: NFD accents and ñ, emoji, symbols, variation selectors, other
 * scripts, lone surrogates, emoticons, laughter, phrases, crisis vetoes, topic frames, irony, "pero".
 */
const PRIMING_TEXTS = [
  'Ma\u0301s tri\u0301ste que nun\u0303ca, no me siento muy bien... pero bueno 😭😂🙃🙄👏❤️✨☹ :) :( :\'( :D :c :/ <3 </3 =) ;)',
  'me quiero morir jajaja, me mato estudiando, me voy a cortar el pelo; quiero desaparecer un rato',
  'no paro de llorar, una charla sobre la depresión, mi mejor amigo está muerto de cansancio 😭 日本 дом \ud83d x \ude2d …',
  'SIIIII QUÉ FELIZZZ xq toy bn nd mal tmb 🙃 https://x.co/a ' + 'a'.repeat(40) + ' jsjsjs hahaha',
];

/**
 * One shared scanner, primed before its first real text: a branch V8 has never seen run makes the optimised
 * scanner bail out the first time it does (the first NFD accent, say), and if V8 then re-optimises only the
 * running loop (OSR), every later call starts unoptimised: measured 0.65 M instead of 1.05 M texts per CPU second.
 */
function getSharedScanner(): LexiconScanner {
  if (sharedScanner === undefined) {
    const scanner = new LexiconScanner(loadCompiledLexicon());
    for (let round = 0; round < 4; round++) for (const text of PRIMING_TEXTS) scanner.scoreText(text);
    sharedScanner = scanner;
  }
  return sharedScanner;
}

/** P(negative) in [0,1] of one text; NEUTRAL_PROBABILITY when it has no polar word (empty text included). */
export function scoreText(text: string): number {
  return getSharedScanner().scoreText(text);
}

/**
 * Scores `texts` into `out` (the hot path: no allocation) and, when given, their crisis flags (1 = crisis
 * language) into `crisis`; returns `out`.
 */
export function scoreTexts(texts: readonly string[], out: Float64Array, crisis?: Uint8Array): Float64Array {
  if (out.length < texts.length) throw new RangeError(`out holds ${out.length} scores, ${texts.length} texts given`);
  if (crisis && crisis.length < texts.length) throw new RangeError(`crisis holds ${crisis.length} flags, ${texts.length} texts given`);
  const scanner = getSharedScanner();
  for (let i = 0; i < texts.length; i++) {
    out[i] = scanner.scoreText(texts[i]);
    if (crisis) crisis[i] = scanner.crisis ? 1 : 0;
  }
  return out;
}

/** Whether one text is crisis language (self-harm, suicidal ideation, hopelessness), figurative uses excluded. */
export function isCrisisText(text: string): boolean {
  const scanner = getSharedScanner();
  scanner.scoreText(text);
  return scanner.crisis;
}

/** Crisis flags of `texts` (1 = crisis language), for any backend: the lexicon's phrase layer decides. */
export function crisisFlags(texts: readonly string[]): Uint8Array {
  const flags = new Uint8Array(texts.length);
  scoreTexts(texts, new Float64Array(texts.length), flags);
  return flags;
}

/** The `lexicon` backend behind the common Scorer interface. */
export function createLexiconScorer(): Scorer {
  getSharedScanner();
  return {
    modelName: LEXICON_MODEL_NAME,
    scoreBatch: (texts) => Promise.resolve(scoreTexts(texts, new Float64Array(texts.length))),
    scoreBatchWithCrisis: (texts) => {
      const crisis = new Uint8Array(texts.length);
      return Promise.resolve({ scores: scoreTexts(texts, new Float64Array(texts.length), crisis), crisis });
    },
  };
}

/** Sizes of the loaded lexicon, for reports and benchmarks. */
export function describeLexicon(): LexiconStats {
  loadCompiledLexicon();
  const { lexicon } = compiled!;
  return { lemmas: lexicon.lemmaCount, phrases: lexicon.phrases.length, forms: lexicon.entries.size, emoji: lexicon.emoji.size };
}
