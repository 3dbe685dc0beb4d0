// Character folding shared by the lexicon builder and scanner (lowercase, no accents, ñ kept), plus emoticon and laughter recognisers.

/** Codes below this are folded through FOLD_TABLE; the scanner classifies the rest itself. */
export const FOLD_LIMIT = 0x250;

/** FOLD_TABLE value of a character that separates words (space, quotes, brackets...). */
export const CHAR_SEPARATOR = 0;
/** FOLD_TABLE value of punctuation that ends a clause, and with it negation scope (. , ! ? ¿ ¡ newline). */
export const CHAR_CLAUSE_END = 1;
/** FOLD_TABLE value of a character that may start an ASCII emoticon (: ; = <). */
export const CHAR_EMOTICON_START = 2;

/** Code of ñ, the one accented letter Spanish keeps distinct (año is not ano). */
export const N_TILDE = 0xf1;
/** Combining tilde: NFD text spells ñ as n + U+0303. */
export const COMBINING_TILDE = 0x303;

/**
 * For each code below FOLD_LIMIT: the folded code of a word character (always >= 0x30),
 * or one of the CHAR_* classes. Built from Unicode data once, so the hot loop is one array read.
 */
export const FOLD_TABLE: Uint16Array = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(FOLD_LIMIT);
  const wordChar = /[\p{L}\p{N}]/u;
  for (let code = 0; code < FOLD_LIMIT; code++) {
    const char = String.fromCharCode(code);
    table[code] = wordChar.test(char) ? foldLetter(char) : CHAR_SEPARATOR;
  }
  for (const char of '.,!?\n\r\u00a1\u00bf') table[char.charCodeAt(0)] = CHAR_CLAUSE_END;
  for (const char of ':;=<') table[char.charCodeAt(0)] = CHAR_EMOTICON_START;
  return table;
}

function foldLetter(char: string): number {
  const lower = char.toLowerCase();
  if (lower === '\u00f1') return N_TILDE;
  // NFD puts the base letter first (á -> a + U+0301); toLowerCase('İ') is two chars, the base comes first too.
  return lower.normalize('NFD').charCodeAt(0);
}

/** True for combining diacritics (U+0300..U+036F), which NFD text puts after the base letter. */
export function isCombiningMark(code: number): boolean {
  return code >= 0x300 && code <= 0x36f;
}

/**
 * Folds one word the way the scanner folds a token: lowercase, accents off except ñ, and every run of a
 * repeated letter collapsed to one ("tristeeee" -> "triste", "llorar" -> "lorar"), because elongation is
 * how social media writes emphasis and collapsing both sides is cheaper than guessing which double is real.
 */
export function foldWord(word: string): string {
  let out = '';
  let last = -1;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let folded: number;
    if (code < FOLD_LIMIT) {
      folded = FOLD_TABLE[code];
      if (folded < 0x30) continue;
    } else if (code === COMBINING_TILDE && last === 0x6e) {
      out = out.slice(0, -1) + '\u00f1';
      last = N_TILDE;
      continue;
    } else if (isCombiningMark(code)) {
      continue;
    } else {
      folded = code;
    }
    if (folded === last) continue;
    out += String.fromCharCode(folded);
    last = folded;
  }
  return out;
}

/** Folded letters: j, h, s and the vowels make up "jajaja", "jsjsjs", "hahaha". */
const CODE_J = 0x6a;
const CODE_H = 0x68;
/** 1 for the folded codes laughter may contain besides j and h (vowels and s). */
const LAUGHTER_FILLERS = Uint8Array.from({ length: 0x80 }, (_, code) => ('aeious'.includes(String.fromCharCode(code)) ? 1 : 0));

/** Signed length of the ASCII emoticon at `start` (> 0 happy, < 0 sad), or 0 when there is none. */
export function matchEmoticon(text: string, start: number, code: number): number {
  if (code === 0x3c) {
    const next = text.charCodeAt(start + 1);
    if (next === 0x33) return isWordCharAt(text, start + 2) ? 0 : 2; // <3
    if (next === 0x2f && text.charCodeAt(start + 2) === 0x33) return -3; // </3
    return 0;
  }
  let end = start + 1;
  let mouth = text.charCodeAt(end);
  if (mouth === 0x2d || mouth === 0x27) mouth = text.charCodeAt(++end); // nose or tear: :-) :'(
  const length = end - start + 1;
  switch (mouth) {
    case 0x29: case 0x5d: // ) ]
      return length;
    case 0x44: case 0x50: case 0x70: case 0x33: // D P p 3
      return isWordCharAt(text, end + 1) ? 0 : length;
    case 0x28: case 0x5b: // ( [
      return -length;
    case 0x63: case 0x43: // :c, the sad face of Latin American chats
      return isWordCharAt(text, end + 1) ? 0 : -length;
    case 0x2f: // :/ but not the "://" of a URL
      return text.charCodeAt(end + 1) === 0x2f || isWordCharAt(text, end + 1) ? 0 : -length;
    default:
      return 0;
  }
}

function isWordCharAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const code = text.charCodeAt(index);
  return code < FOLD_LIMIT ? FOLD_TABLE[code] >= 0x30 : code < 0x2000 || code > 0x2bff;
}

/** "jajaja", "jsjsjs", "hahaha", "jejeje": only j/h/s and vowels, with at least two j or two h. */
export function isLaughter(buffer: Uint16Array, length: number): boolean {
  if (length < 4) return false;
  let js = 0;
  let hs = 0;
  for (let i = 0; i < length; i++) {
    const code = buffer[i];
    if (code === CODE_J) js++;
    else if (code === CODE_H) hs++;
    else if (code >= 0x80 || LAUGHTER_FILLERS[code] === 0) return false;
  }
  return js >= 2 || hs >= 2;
}
