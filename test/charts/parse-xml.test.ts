import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectText, parseXml } from './parse-xml.js';

test('the checker accepts well-formed markup and decodes entities', () => {
  const root = parseXml('<svg a="1 &amp; 2"><g><text>x &lt; y</text></g><rect/></svg>');
  assert.equal(root.attributes.a, '1 & 2');
  assert.deepEqual(collectText(root), ['x < y']);
});

test('the checker rejects broken markup', () => {
  for (const bad of ['<svg><g></svg>', '<svg a="1" a="2"/>', '<svg>&nbsp;</svg>', '<svg>a < b</svg>', '<a/><b/>', '<svg a=1/>', '<svg><g id="x"/><g id="x"/></svg>', '<svg>&amp</svg>']) {
    assert.throws(() => parseXml(bad), SyntaxError, bad);
  }
});
