// Test oracle: lexicon-es-v2's scanner as it was before the throughput work (issue 16), kept verbatim apart from
// its imports and exports (its normaliser was v1's, bench/reference/lexicon-v1/normalize-text.ts), so the optimised scanner in src/nlp/lexicon.ts can be checked against it text by text.

import { CLAP_EMOJI, CRY_EMOJI, IRONY_EMOJI, LAUGH_EMOJI } from '../../../src/nlp/data/lexicon-es-words.js';
import {
  buildSpanishLexicon, FLAG_BOOSTER, FLAG_CONTRAST, FLAG_COPULA, FLAG_CRISIS_VETO, FLAG_NEEDS_COPULA, FLAG_NEGATOR,
  PHRASE_CRISIS, PHRASE_INTENSIFY, PHRASE_TOPIC, PHRASE_VALENCE, type SpanishLexicon,
} from '../../../src/nlp/lexicon-es.js';
import {
  CHAR_CLAUSE_END, CHAR_EMOTICON_START, COMBINING_TILDE, FOLD_LIMIT, FOLD_TABLE, N_TILDE, isCombiningMark, isLaughter,
  matchEmoticon,
} from '../../../bench/reference/lexicon-v1/normalize-text.js';


/**
 * P(negative) of a text with no polar word. It is the prior, sigmoid(bias): roughly the share of negative
 * messages in teenage social media, so a neutral text sits clearly below a negative one but a user who
 * writes only neutral texts is not pulled to 0.5 (which would dominate per-user means, most texts being neutral).
 */
const NEUTRAL_PROBABILITY = 0.3;

/** Logit change per unit of valence: one clearly negative word (-2.5) moves 0.30 to about 0.80. */
const VALENCE_SLOPE = 0.9;

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
const CRISIS_VALENCE = -5;
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
  /** Word identity shared by a word and its aliases ("q" and "que"), for the phrase trie. */
  readonly wordId: Int32Array;
  readonly phrases: PhraseTrie;
  /** 1 when the word is the first of some phrase: other words skip the trie while no phrase is open. */
  readonly startsPhrase: Uint8Array;

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
    const phrases = lexicon.phrases.map((p) => ({ ...p, ids: p.words.map((w) => ids.get(lexicon.entries.get(w)!)!) }));
    this.phrases = new PhraseTrie(phrases);
    const firstWords = new Set(phrases.map((p) => p.ids[0]));
    this.startsPhrase = Uint8Array.from(this.wordId, (id) => (firstWords.has(id) ? 1 : 0));
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
    return this.finish();
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
    this.contribution.fill(0);
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
    if (index < 0 && isLaughter(this.buffer, Math.min(length, MAX_TOKEN))) {
      this.activeCount = 0;
      this.addLaughter();
      return 0;
    }
    this.position++;
    this.contribution[this.position & (RING - 1)] = 0;
    if (this.vetoLeft > 0) {
      this.vetoLeft--;
      if ((index >= 0 && (lexicon.flags[index] & FLAG_CRISIS_VETO) !== 0) || isGerund(this.buffer, length)) this.crisisPending = false;
    }
    const phrase = index < 0 ? (this.activeCount = 0) - 1
      : this.activeCount > 0 || lexicon.startsPhrase[index] === 1 ? this.advancePhrases(lexicon.wordId[index]) : -1;
    if (phrase > 0) this.applyPhrase(phrase);
    else this.addWord(index);
    return 0;
  }

  /** Moves every open phrase by one word; returns the longest phrase completed by it, or -1. */
  private advancePhrases(word: number): number {
    const trie = this.lexicon.phrases;
    const next = this.nextActive;
    let count = 0;
    let best = -1;
    for (let k = 0; k <= this.activeCount; k++) {
      const child = trie.child(k < this.activeCount ? this.active[k] : 0, word);
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
    const functionWord = index >= 0 && lexicon.valence[index] === 0 && lexicon.negatedValence[index] === 0;
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
      else if (sum < 0) this.add(this.lexicon.emoji.get(codePoint)! * this.contrast);
      else this.pendingCries++;
      return;
    }
    if (codePoint === CLAP_EMOJI) this.clap = true;
    else if (isOneOf(codePoint, IRONY_EMOJI)) this.irony = true;
    else if (isOneOf(codePoint, LAUGH_EMOJI)) this.crisisPending = false;
    const valence = this.lexicon.emoji.get(codePoint);
    if (valence === undefined) return;
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

let sharedScanner: LexiconScanner | undefined;

/** Scores and crisis flags of `texts` by the pre-optimisation scanner (same lexicon data as src/). */
export function referenceScoreTexts(texts: readonly string[]): { scores: Float64Array; crisis: Uint8Array } {
  sharedScanner ??= new LexiconScanner(new CompiledLexicon(buildSpanishLexicon()));
  const scores = new Float64Array(texts.length);
  const crisis = new Uint8Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    scores[i] = sharedScanner.scoreText(texts[i]);
    crisis[i] = sharedScanner.crisis ? 1 : 0;
  }
  return { scores, crisis };
}
