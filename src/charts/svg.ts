// Tiny SVG string builder: escaping, stable number formatting, elements and the document frame.

export type AttributeValue = string | number | undefined;
export type Attributes = Record<string, AttributeValue>;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Coordinates with at most 2 decimals, no trailing zeros, never "-0": output is byte-stable. */
export function formatCoordinate(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * `<name a="v">children</name>`, or self-closing without children. Numbers go through
 * formatCoordinate, strings are escaped, undefined attributes are left out; children are
 * already-built markup (use `text()` for character data).
 */
export function element(name: string, attributes: Attributes = {}, children: string | readonly string[] = []): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? formatCoordinate(v) : escapeXml(v as string)}"`)
    .join('');
  const body = typeof children === 'string' ? children : children.join('');
  return body.length > 0 ? `<${name}${attrs}>${body}</${name}>` : `<${name}${attrs}/>`;
}

/** Escaped character data. */
export function text(content: string): string {
  return escapeXml(content);
}

/** `translate(x,y)` with stable numbers. */
export function translate(x: number, y: number): string {
  return `translate(${formatCoordinate(x)},${formatCoordinate(y)})`;
}

export interface SvgDocumentOptions {
  width: number;
  height: number;
  /** Accessible name (<title>) of the picture. */
  title: string;
  /** Longer accessible description (<desc>). */
  description?: string;
  /** Prefix of the title/desc ids, unique within a page that nests several charts. */
  idPrefix: string;
  /** Position when nested inside another <svg> (the dashboard). */
  x?: number;
  y?: number;
}

/** A standalone (or nested) <svg> with a white background and accessible title/description. */
export function renderSvgDocument(options: SvgDocumentOptions, body: readonly string[]): string {
  const { width, height, idPrefix } = options;
  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      // xlink:href (SVG 1.1) on <use> markers: understood by every viewer, old and new.
      'xmlns:xlink': 'http://www.w3.org/1999/xlink',
      x: options.x,
      y: options.y,
      width,
      height,
      viewBox: `0 0 ${formatCoordinate(width)} ${formatCoordinate(height)}`,
      role: 'img',
      'aria-labelledby': `${idPrefix}-title ${idPrefix}-desc`,
      'font-family': 'DejaVu Sans, Arial, Helvetica, sans-serif',
    },
    [
      element('title', { id: `${idPrefix}-title` }, text(options.title)),
      element('desc', { id: `${idPrefix}-desc` }, text(options.description ?? options.title)),
      element('rect', { width, height, fill: '#ffffff' }),
      ...body,
    ],
  );
}
