import { test } from 'node:test';
import assert from 'node:assert/strict';
import { element, escapeXml, formatCoordinate, renderSvgDocument, text } from '../../src/charts/svg.js';
import { parseXml } from './parse-xml.js';

test('escaping covers the five XML specials', () => {
  assert.equal(escapeXml(`<a href="x">Tom & 'Jerry'</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
});

test('coordinates are rounded to 2 decimals without -0', () => {
  assert.equal(formatCoordinate(1.005 + 1e-9), '1.01');
  assert.equal(formatCoordinate(-0.001), '0');
  assert.equal(formatCoordinate(12), '12');
  assert.equal(formatCoordinate(0.1 + 0.2), '0.3');
});

test('elements self-close when empty, skip undefined attributes and escape values', () => {
  assert.equal(element('rect', { x: 1.234, y: undefined, fill: 'a"b' }), '<rect x="1.23" fill="a&quot;b"/>');
  assert.equal(element('text', {}, text('1 < 2')), '<text>1 &lt; 2</text>');
  assert.equal(element('g', {}, [element('a'), element('b')]), '<g><a/><b/></g>');
});

test('a document has an accessible title and description', () => {
  const svg = renderSvgDocument({ width: 10, height: 10, title: 'T & U', description: 'D', idPrefix: 'x' }, []);
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  assert.equal(root.attributes['aria-labelledby'], 'x-title x-desc');
  assert.equal(root.children[0].text, 'T & U');
});
