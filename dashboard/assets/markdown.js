// Markdown → token tree, with no DOM: render.js turns the tree into nodes with createElement/textContent
// only, so no HTML in a message is ever parsed as markup (raw HTML stays literal text). Pure, so Node tests it.
//
// Blocks: paragraph, heading, code (fenced or indented), blockquote, list, hr.
// Inlines: text, code, strong, em, del, link (href already checked by safeHref, null when inert), break.
// Every scan is linear or amortised linear (see Scanner.next): messages may be 200 000 characters.
import { safeHref } from './links.js';

/** Nesting deeper than this (quotes in quotes, emphasis in emphasis) is kept as plain text. */
const MAX_DEPTH = 12;

export function parse(source) {
  const lines = String(source ?? '').replace(/\r\n?/g, '\n').split('\n');
  return parseBlocks(lines, 0);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const INDENTED = /^(?: {4}|\t)(.*)$/;
const BLANK = /^\s*$/;

function startsBlock(line) {
  return FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line) || ITEM.test(line);
}

function parseBlocks(lines, depth) {
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    let m;
    if (BLANK.test(line)) {
      i++;
    } else if ((m = FENCE.exec(line))) {
      const fence = m[1];
      const body = [];
      i++;
      while (i < lines.length && !closesFence(lines[i], fence)) body.push(lines[i++]);
      i++; // the closing fence (or the end of the text)
      out.push({ type: 'code', lang: m[2] || '', text: body.join('\n') });
    } else if ((m = HEADING.exec(line))) {
      out.push({ type: 'heading', level: m[1].length, children: parseInline(stripClosingHashes(m[2] || ''), depth) });
      i++;
    } else if (HR.test(line)) {
      out.push({ type: 'hr' });
      i++;
    } else if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const inner = [];
      while (i < lines.length && (m = QUOTE.exec(lines[i]))) {
        inner.push(m[1]);
        i++;
      }
      out.push({ type: 'blockquote', children: parseBlocks(inner, depth + 1) });
    } else if (ITEM.test(line) && depth < MAX_DEPTH) {
      i = parseList(lines, i, depth, out);
    } else if ((m = INDENTED.exec(line))) {
      const body = [];
      while (i < lines.length && (INDENTED.test(lines[i]) || BLANK.test(lines[i]))) {
        body.push(lines[i].replace(/^(?: {4}|\t)/, ''));
        i++;
      }
      while (body.length && BLANK.test(body[body.length - 1])) body.pop();
      out.push({ type: 'code', lang: '', text: body.join('\n') });
    } else {
      const para = [line];
      i++;
      while (i < lines.length && !BLANK.test(lines[i]) && !startsBlock(lines[i])) para.push(lines[i++]);
      out.push({ type: 'paragraph', children: parseInline(para.map((l) => l.trim()).join('\n'), depth) });
    }
  }
  return out;
}

function closesFence(line, fence) {
  const t = line.trim();
  return t.length >= fence.length && t[0] === fence[0] && /^(`+|~+)$/.test(t);
}

function stripClosingHashes(text) {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let hashes = end;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  // "# Title ##" loses its closing hashes; "# C#" keeps its own.
  if (hashes < end && (hashes === 0 || text[hashes - 1] === ' ' || text[hashes - 1] === '\t')) end = hashes;
  return text.slice(0, end).trim();
}

/** A list of items with the same kind of marker; lines indented past the marker continue the item. */
function parseList(lines, i, depth, out) {
  const first = ITEM.exec(lines[i]);
  const ordered = /\d/.test(first[2]);
  const list = { type: 'list', ordered, start: ordered ? parseInt(first[2], 10) : 1, items: [] };
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]);
    if (!m || /\d/.test(m[2]) !== ordered) break;
    const indent = m[1].length + m[2].length + 1;
    const body = [m[3]];
    i++;
    while (i < lines.length) {
      const line = lines[i];
      if (BLANK.test(line)) {
        // A blank line continues the item only when an indented line follows it.
        if (i + 1 < lines.length && leadingSpaces(lines[i + 1]) >= indent) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      if (leadingSpaces(line) >= indent) body.push(line.slice(indent));
      else if (ITEM.test(line) || startsBlock(line)) break;
      else body.push(line); // lazy continuation of the item's paragraph
      i++;
    }
    list.items.push(parseBlocks(body, depth + 1));
    while (i < lines.length && BLANK.test(lines[i]) && i + 1 < lines.length && ITEM.test(lines[i + 1])) i++;
  }
  out.push(list);
  return i;
}

function leadingSpaces(line) {
  let n = 0;
  while (n < line.length && line[n] === ' ') n++;
  return n;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const DELIMITERS = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['~~', 'del'],
  ['*', 'em'],
  ['_', 'em'],
];
const BARE_URL = /^(?:https?:\/\/|mailto:)[^\s<>"'`]+/i;

/**
 * Finds later occurrences of a string, remembering the last answer: scanning forward only, each search
 * restarts where the previous one ended, so a text full of unmatched openers ("[[[[…", "****…") stays linear.
 */
class Scanner {
  constructor(text) {
    this.text = text;
    this.cache = new Map();
  }

  next(needle, from) {
    const hit = this.cache.get(needle);
    if (hit !== undefined && (hit === -1 || hit >= from)) return hit;
    const found = this.text.indexOf(needle, from);
    this.cache.set(needle, found);
    return found;
  }
}

export function parseInline(text, depth = 0) {
  const out = [];
  const scan = new Scanner(text);
  let buf = '';
  const flush = () => {
    if (buf) out.push({ type: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.includes(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '\n') {
      flush();
      out.push({ type: 'break' });
      i++;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const close = scan.next(fence, i + run);
      if (close !== -1) {
        flush();
        out.push({ type: 'code', text: text.slice(i + run, close).replace(/\n/g, ' ') });
        i = close + run;
        continue;
      }
      buf += fence;
      i += run;
      continue;
    }
    if (c === '[' || (c === '!' && text[i + 1] === '[')) {
      const link = readLink(text, c === '!' ? i + 1 : i, scan);
      if (link && depth < MAX_DEPTH) {
        flush();
        const children = parseInline(link.label, depth + 1);
        if (c === '!') out.push({ type: 'link', href: safeHref(link.url), image: true, children: children.length ? children : [{ type: 'text', text: 'image' }] });
        else out.push({ type: 'link', href: safeHref(link.url), children });
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const close = scan.next('>', i + 1);
      const inner = close === -1 ? '' : text.slice(i + 1, close);
      if (close !== -1 && BARE_URL.test(inner) && !/\s/.test(inner)) {
        flush();
        out.push({ type: 'link', href: safeHref(inner), children: [{ type: 'text', text: inner }] });
        i = close + 1;
        continue;
      }
    }
    if ((c === 'h' || c === 'H' || c === 'm' || c === 'M') && (i === 0 || !/[A-Za-z0-9]/.test(text[i - 1]))) {
      const m = BARE_URL.exec(text.slice(i, i + 2048));
      if (m) {
        const url = m[0].replace(/[.,;:!?)\]]+$/, '');
        flush();
        out.push({ type: 'link', href: safeHref(url), children: [{ type: 'text', text: url }] });
        i += url.length;
        continue;
      }
    }
    const delim = depth < MAX_DEPTH && DELIMITERS.find(([d]) => text.startsWith(d, i));
    if (delim) {
      const [d, type] = delim;
      const close = opensEmphasis(text, i, d) ? findCloser(text, i + d.length, d, scan) : -1;
      if (close !== -1) {
        flush();
        out.push({ type, children: parseInline(text.slice(i + d.length, close), depth + 1) });
        i = close + d.length;
        continue;
      }
      buf += d;
      i += d.length;
      continue;
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

/** An opener is followed by a non-space; underscores inside words ("snake_case") are literal. */
function opensEmphasis(text, i, d) {
  const after = text[i + d.length];
  if (after === undefined || /\s/.test(after)) return false;
  return !(d[0] === '_' && i > 0 && /[A-Za-z0-9]/.test(text[i - 1]));
}

function findCloser(text, from, d, scan) {
  let at = scan.next(d, from);
  while (at !== -1) {
    const before = text[at - 1];
    const after = text[at + d.length];
    const wordy = d[0] === '_' && after !== undefined && /[A-Za-z0-9]/.test(after);
    if (at > from && !/\s/.test(before) && !wordy && !(d.length === 1 && after === d)) return at;
    at = scan.next(d, at + 1);
  }
  return -1;
}

/** `[label](url "title")` starting at the '[' at i; null when it isn't one. */
function readLink(text, i, scan) {
  const close = scan.next(']', i + 1);
  if (close === -1 || text[close + 1] !== '(') return null;
  const end = scan.next(')', close + 2);
  if (end === -1) return null;
  const target = text.slice(close + 2, end).trim();
  const m = /^<?([^\s<>]*)>?(?:\s+"[^"]*")?$/.exec(target);
  if (!m) return null;
  return { label: text.slice(i + 1, close), url: m[1], end: end + 1 };
}
