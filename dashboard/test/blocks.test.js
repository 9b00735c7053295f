import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageBlocks, pretty } from '../assets/blocks.js';

test('a string is one text block', () => {
  assert.deepEqual(messageBlocks({ content: 'hi' }), [{ kind: 'text', text: 'hi' }]);
  assert.deepEqual(messageBlocks({ content: null }), []);
});

test('anthropic-style blocks: text, tool_use, tool_result, thinking, image', () => {
  const blocks = messageBlocks({ content: [
    { type: 'text', text: 'hello' },
    { type: 'tool_use', id: 'tu1', name: 'Bash', input: { cmd: 'ls' } },
    { type: 'tool_result', tool_use_id: 'tu1', content: '{"ok":true}' },
    { type: 'tool_result', tool_use_id: 'tu2', is_error: true, content: [{ type: 'text', text: 'boom' }] },
    { type: 'thinking', thinking: 'hmm' },
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
    { type: 'image', source: { type: 'url', url: 'https://evil.example/x.png' } },
    { type: 'mystery', x: 1 },
  ] });
  assert.deepEqual(blocks.map((b) => b.kind), ['text', 'tool_use', 'tool_result', 'tool_result', 'thinking', 'image', 'omitted', 'unknown']);
  assert.equal(blocks[1].json, '{\n  "cmd": "ls"\n}');
  assert.equal(blocks[2].text, '{\n  "ok": true\n}');
  assert.equal(blocks[3].isError, true);
  assert.deepEqual(blocks[3].children, [{ kind: 'text', text: 'boom' }]);
  assert.equal(blocks[5].src, 'data:image/png;base64,iVBORw0KGgo=');
});

test('openai tool_calls become tool_use blocks with parsed arguments', () => {
  const blocks = messageBlocks({ content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{"q":"otters"}' } }] });
  assert.deepEqual(blocks, [{ kind: 'tool_use', id: 'c1', name: 'search', json: '{\n  "q": "otters"\n}' }]);
});

test('pretty leaves non-JSON strings alone', () => {
  assert.equal(pretty('{not json'), '{not json');
  assert.equal(pretty('plain'), 'plain');
  assert.equal(pretty(undefined), '');
});
