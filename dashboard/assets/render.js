// Draws parsed markdown and content blocks with dom.js: every piece of content becomes a text node; the only
// attributes taken from content are hrefs that passed safeHref and image sources that passed imageDataUrl.
import { h } from './dom.js';
import { parse } from './markdown.js';
import { messageBlocks } from './blocks.js';

export function markdown(text) {
  return h('div', { class: 'md' }, parse(text).map(blockNode));
}

function blockNode(b) {
  switch (b.type) {
    case 'paragraph':
      return h('p', {}, b.children.map(inlineNode));
    case 'heading':
      return h(`h${Math.min(6, Math.max(1, b.level))}`, { class: 'md-h' }, b.children.map(inlineNode));
    case 'code':
      return h('pre', { class: 'code', data: { lang: b.lang || null } }, h('code', {}, b.text));
    case 'blockquote':
      return h('blockquote', {}, b.children.map(blockNode));
    case 'list':
      return h(b.ordered ? 'ol' : 'ul', { start: b.ordered && b.start !== 1 ? b.start : null },
        b.items.map((item) => h('li', {}, item.map(blockNode))));
    case 'hr':
      return h('hr');
    default:
      return null;
  }
}

function inlineNode(n) {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'break':
      return h('br');
    case 'code':
      return h('code', {}, n.text);
    case 'strong':
      return h('strong', {}, n.children.map(inlineNode));
    case 'em':
      return h('em', {}, n.children.map(inlineNode));
    case 'del':
      return h('del', {}, n.children.map(inlineNode));
    case 'link': {
      const label = n.children.map(inlineNode);
      // Markdown images are never loaded (they would be requests to anywhere): they become links.
      if (n.href) return h('a', { href: n.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, n.image ? ['image: ', label] : label);
      return h('span', { class: 'inert-link', title: 'link removed: only http, https and mailto links are clickable' }, label);
    }
    default:
      return null;
  }
}

/** One display block (blocks.js) as DOM. */
export function blockElement(b) {
  switch (b.kind) {
    case 'text':
      return markdown(b.text);
    case 'tool_use':
      return h('details', { class: 'block tool-use' },
        h('summary', {}, h('span', { class: 'tag' }, 'tool_use'), ' ', h('strong', {}, b.name), b.id ? h('span', { class: 'muted' }, ` ${b.id}`) : null),
        h('pre', { class: 'code json' }, b.json));
    case 'tool_result':
      return h('details', { class: `block tool-result${b.isError ? ' error' : ''}` },
        h('summary', {}, h('span', { class: 'tag' }, b.isError ? 'tool_result (error)' : 'tool_result'), b.id ? h('span', { class: 'muted' }, ` ${b.id}`) : null),
        b.text !== null ? h('pre', { class: 'code json' }, b.text) : b.children.map(blockElement));
    case 'thinking':
      return h('details', { class: 'block thinking' }, h('summary', {}, h('span', { class: 'tag' }, 'thinking')), h('div', { class: 'thinking-text' }, b.text));
    case 'image':
      return h('img', { class: 'block image', src: b.src, alt: 'image from the transcript' });
    case 'omitted':
      return h('p', { class: 'block muted' }, `[${b.text}]`);
    default:
      return h('details', { class: 'block unknown' }, h('summary', {}, h('span', { class: 'tag' }, b.type)), h('pre', { class: 'code json' }, b.json));
  }
}

/** A transcript entry: role, seq, time, then its blocks. */
export function messageElement(m) {
  const role = ['user', 'assistant', 'system', 'tool'].includes(m.role) ? m.role : 'other';
  return h('article', { class: `msg ${role}`, data: { seq: m.seq } },
    h('header', {}, h('span', { class: 'role' }, String(m.role ?? '')), m.name ? h('span', { class: 'muted' }, ` ${m.name}`) : null,
      h('span', { class: 'muted seq' }, ` #${m.seq}`),
      m.created_at ? h('time', { datetime: m.created_at, class: 'muted' }, ` ${new Date(m.created_at).toLocaleString()}`) : null,
      m.usage ? h('span', { class: 'muted' }, ` · ${(m.usage.input_tokens ?? 0) + (m.usage.output_tokens ?? 0)} tok`) : null),
    h('div', { class: 'body' }, messageBlocks(m).map(blockElement)));
}
