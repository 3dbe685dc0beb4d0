// Where a JSON text first goes wrong, as a line number: JSON.parse's own message quotes the text (a token in a config file).

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** The 1-based line of the first syntax error of `text`, or undefined when it is valid JSON. */
export function jsonErrorLine(text: string): number | undefined {
  const at = jsonErrorOffset(text);
  if (at === undefined) return undefined;
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Offset of the first character that cannot continue valid JSON (text.length when it ends too early). */
function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const skip = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const token = (re: RegExp) => {
    re.lastIndex = i;
    if (!re.test(text)) throw i;
    i = re.lastIndex;
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) throw i;
    i += word.length;
  };
  const value = (depth: number): void => {
    if (depth > 1000) throw i;
    skip();
    const c = text[i];
    if (c === '{') return container('}', depth, true);
    if (c === '[') return container(']', depth, false);
    if (c === '"') return token(STRING);
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    token(NUMBER);
  };
  const container = (close: string, depth: number, object: boolean): void => {
    i++;
    skip();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      if (object) {
        skip();
        if (text[i] !== '"') throw i;
        token(STRING);
        skip();
        if (text[i] !== ':') throw i;
        i++;
      }
      value(depth + 1);
      skip();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ',') throw i;
      i++;
    }
  };
  try {
    value(0);
    skip();
    return i < text.length ? i : undefined;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return at;
  }
}
