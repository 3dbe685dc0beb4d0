// A strict little XML parser for the chart tests: throws on anything not well-formed, returns a tree to query.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses one document with a single root element; also rejects duplicate attributes and duplicate ids. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const ids = new Set<string>();
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at offset ${pos}: ${JSON.stringify(source.slice(pos, pos + 40))}`);
  };
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('raw < in text or attribute');
    return raw.replace(/&([^;]*);?/g, (whole, name: string) => {
      if (!whole.endsWith(';')) fail('unterminated entity');
      if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
      if (/^#x[0-9a-fA-F]+$/.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
      return ENTITIES[name] ?? fail(`unknown entity &${name};`);
    });
  };
  const skipSpace = () => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };
  const registerId = (node: XmlElement) => {
    const id = node.attributes.id;
    if (id === undefined) return;
    if (ids.has(id)) fail(`duplicate id ${id}`);
    ids.add(id);
  };
  const readElement = (): XmlElement => {
    if (source[pos] !== '<') fail('expected <');
    pos++;
    const name = NAME.exec(source.slice(pos))?.[0] ?? fail('bad element name');
    pos += name.length;
    const node: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        registerId(node);
        return node;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('attributes must be separated by space');
      const attr = NAME.exec(source.slice(pos))?.[0] ?? fail('bad attribute name');
      pos += attr.length;
      if (source[pos] !== '=' || source[pos + 1] !== '"') fail('expected ="');
      const end = source.indexOf('"', pos + 2);
      if (end < 0) fail('unterminated attribute');
      if (attr in node.attributes) fail(`duplicate attribute ${attr}`);
      node.attributes[attr] = decode(source.slice(pos + 2, end));
      pos = end + 1;
    }
    registerId(node);
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) fail(`unclosed <${name}>`);
      node.text += decode(source.slice(pos, next));
      pos = next;
      if (source.startsWith('</', pos)) {
        pos += 2;
        if (!source.startsWith(name, pos) || source[pos + name.length] !== '>') fail(`mismatched </…> for <${name}>`);
        pos += name.length + 1;
        return node;
      }
      node.children.push(readElement());
    }
  };
  skipSpace();
  const root = readElement();
  skipSpace();
  if (pos !== source.length) fail('content after the root element');
  return root;
}

/** Every element of the tree, depth first. */
export function listElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(listElements)];
}

/** All character data under an element, concatenated with spaces. */
export function collectText(root: XmlElement): string[] {
  return listElements(root)
    .map((e) => e.text.trim())
    .filter((t) => t.length > 0);
}
