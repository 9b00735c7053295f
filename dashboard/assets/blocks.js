// A message's content as a flat list of display blocks, whatever the agent's format: a string, Anthropic-style
// block arrays (text, tool_use, tool_result, thinking, image) or OpenAI-style tool_calls. Pure (no DOM), so
// Node tests it; render.js draws each kind.
import { dataImageUrl, imageDataUrl } from './links.js';

/** @returns {Array<{kind: string}>} kinds: text, tool_use, tool_result, thinking, image, omitted, unknown */
export function messageBlocks(message) {
  const blocks = contentBlocks(message?.content);
  for (const call of Array.isArray(message?.tool_calls) ? message.tool_calls : []) {
    const fn = call?.function ?? {};
    blocks.push({ kind: 'tool_use', id: str(call?.id), name: str(fn.name ?? call?.name) || 'tool', json: pretty(fn.arguments ?? call?.input) });
  }
  return blocks;
}

export function contentBlocks(content) {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content ? [{ kind: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [{ kind: 'unknown', type: typeof content, json: pretty(content) }];
  return content.map(block);
}

function block(b) {
  if (typeof b === 'string') return { kind: 'text', text: b };
  if (b === null || typeof b !== 'object') return { kind: 'unknown', type: typeof b, json: pretty(b) };
  switch (b.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return { kind: 'text', text: str(b.text) };
    case 'tool_use':
    case 'server_tool_use':
      return { kind: 'tool_use', id: str(b.id), name: str(b.name) || 'tool', json: pretty(b.input) };
    case 'tool_result':
      return {
        kind: 'tool_result',
        id: str(b.tool_use_id),
        isError: b.is_error === true,
        // A string result stays text (often JSON: pretty-printed when it parses); block arrays are drawn as blocks.
        children: Array.isArray(b.content) ? contentBlocks(b.content) : [],
        text: Array.isArray(b.content) ? null : pretty(b.content),
      };
    case 'thinking':
      return { kind: 'thinking', text: str(b.thinking ?? b.text) };
    case 'redacted_thinking':
      return { kind: 'thinking', text: '(redacted)' };
    case 'image':
      return image(b.source?.type === 'base64' ? imageDataUrl(b.source.media_type, b.source.data) : dataImageUrl(b.source?.url));
    case 'image_url':
      return image(dataImageUrl(typeof b.image_url === 'string' ? b.image_url : b.image_url?.url));
    default:
      return { kind: 'unknown', type: str(b.type) || 'block', json: pretty(b) };
  }
}

function image(src) {
  return src ? { kind: 'image', src } : { kind: 'omitted', text: 'image (not inline data: not shown)' };
}

function str(v) {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** JSON pretty-printed; a string holding JSON (OpenAI arguments, tool output) is parsed first. */
export function pretty(value) {
  if (value === undefined) return '';
  if (typeof value === 'string') {
    const t = value.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try {
        return JSON.stringify(JSON.parse(t), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}
