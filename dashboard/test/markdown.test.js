import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseInline } from '../assets/markdown.js';

const texts = (nodes) => nodes.map((n) => (n.type === 'text' ? n.text : n.children ? texts(n.children) : n.text ?? '')).join('');

test('paragraphs, headings, rules and fenced code become blocks', () => {
  const tree = parse('# Title #\n\nsome *text*\n\n---\n\n```js\nlet x = "<b>";\n```');
  assert.deepEqual(tree.map((b) => b.type), ['heading', 'paragraph', 'hr', 'code']);
  assert.equal(tree[0].level, 1);
  assert.equal(texts(tree[0].children), 'Title');
  assert.deepEqual(tree[3], { type: 'code', lang: 'js', text: 'let x = "<b>";' });
});

test('raw HTML stays literal text, never a node of its own', () => {
  const tree = parse('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
  assert.equal(tree.length, 1);
  assert.deepEqual(tree[0].children, [{ type: 'text', text: '<script>alert(1)</script> and <img src=x onerror=alert(1)>' }]);
});

test('links keep only http, https and mailto targets', () => {
  const links = parseInline('[a](https://example.com/x) [b](javascript:alert(1)) [c](JaVaScRiPt:alert(1)) [d](/relative) [e](mailto:a@b.c) [f](data:text/html,hi)')
    .filter((n) => n.type === 'link');
  assert.deepEqual(links.map((l) => [texts(l.children), l.href]), [
    ['a', 'https://example.com/x'], ['b', null], ['c', null], ['d', null], ['e', 'mailto:a@b.c'], ['f', null],
  ]);
});

test('bare and angle-bracket URLs become links without trailing punctuation', () => {
  const nodes = parseInline('see https://example.com/a. and <http://x.org/b>');
  const links = nodes.filter((n) => n.type === 'link').map((l) => l.href);
  assert.deepEqual(links, ['https://example.com/a', 'http://x.org/b']);
  assert.equal(nodes[0].text, 'see ');
});

test('emphasis, strong, strikethrough and code spans nest; snake_case stays literal', () => {
  const nodes = parseInline('**bold _it_** ~~gone~~ `a*b*c` snake_case_name');
  assert.equal(nodes[0].type, 'strong');
  assert.equal(nodes[0].children[1].type, 'em');
  assert.equal(nodes.find((n) => n.type === 'del').children[0].text, 'gone');
  assert.equal(nodes.find((n) => n.type === 'code').text, 'a*b*c');
  assert.equal(texts(nodes.slice(-1)), ' snake_case_name');
});

test('newlines inside a paragraph are line breaks (chat text)', () => {
  const [p] = parse('one\ntwo');
  assert.deepEqual(p.children.map((n) => n.type), ['text', 'break', 'text']);
});

test('lists, nested lists and quotes', () => {
  const [list, quote] = parse('1. one\n2. two\n   - inner\n\n> quoted\n> more');
  assert.equal(list.type, 'list');
  assert.equal(list.ordered, true);
  assert.equal(list.items.length, 2);
  assert.equal(list.items[1][1].type, 'list');
  assert.equal(quote.type, 'blockquote');
  assert.equal(texts(quote.children[0].children), 'quotedmore');
});

test('backslash escapes make markup characters literal', () => {
  assert.deepEqual(parseInline('\\*not em\\*'), [{ type: 'text', text: '*not em*' }]);
});

test('pathological input parses in linear time and bounded depth', () => {
  for (const evil of ['*'.repeat(100_000), '['.repeat(100_000) + ']', '_a'.repeat(50_000), '>'.repeat(5_000) + ' deep', '`'.repeat(30_000) + 'x']) {
    const t0 = performance.now();
    const tree = parse(evil);
    assert.ok(performance.now() - t0 < 2000, `too slow on ${evil.slice(0, 10)}…`);
    assert.ok(JSON.stringify(tree).length > 0);
  }
});

test('unclosed fences run to the end; empty input is no blocks', () => {
  assert.deepEqual(parse('```\ncode'), [{ type: 'code', lang: '', text: 'code' }]);
  assert.deepEqual(parse(''), []);
  assert.deepEqual(parse(null), []);
});
