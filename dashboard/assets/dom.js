// The only way the dashboard makes elements: createElement, attributes through setAttribute (never on* or
// style: the CSP would refuse them anyway, and handlers are functions), text through text nodes. No HTML string
// is ever parsed, so content can't become markup; the CSP's require-trusted-types-for makes innerHTML throw.

/**
 * h('a', {href, class: 'x', on: {click: fn}, data: {key}}, 'text', child, [more])
 * Children: strings (text nodes), nodes, arrays, or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'on') {
      for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    } else if (name === 'data') {
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[k] = String(v);
    } else if (name === 'value' && 'value' in el) {
      el.value = String(value);
    } else if (name === 'checked' || name === 'disabled' || name === 'selected' || name === 'open') {
      el[name] = Boolean(value);
    } else if (/^on/i.test(name) || name === 'style' || name === 'srcdoc') {
      throw new Error(`refusing attribute ${name}`);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces all children (instead of innerHTML = ''). */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}
