// Page furniture shared by the views: notices, the confirmation dialog, action buttons that report failures.
import { h, replace } from './dom.js';

/** A short notice in the page's live region (screen readers announce it); errors stay until dismissed. */
export function notify(message, kind = 'info') {
  const region = document.getElementById('notices');
  const note = h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('span', {}, message),
    h('button', { type: 'button', class: 'link', 'aria-label': 'dismiss', on: { click: () => note.remove() } }, '×'));
  region.append(note);
  if (kind !== 'error') setTimeout(() => note.remove(), 4000);
}

/** A modal <dialog> (not window.confirm): keyboard-usable, Esc cancels. Resolves true when confirmed. */
export function confirmDialog(title, message, confirmLabel = 'Confirm') {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' });
    const done = (ok) => {
      dialog.close();
      dialog.remove();
      resolve(ok);
    };
    replace(dialog,
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, message),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', data: { action: 'confirm' }, on: { click: () => done(true) } }, confirmLabel),
        h('button', { type: 'button', on: { click: () => done(false) } }, 'Cancel')));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A button running an async action: disabled while it runs, the API's problem detail shown if it fails. */
export function actionButton(label, action, attrs = {}) {
  const button = h('button', { type: 'button', ...attrs }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } catch (e) {
      notify(`${label}: ${e.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** Runs a form's submit handler with the same reporting; the form stays on the page. */
export function onSubmit(form, handler) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const submit = form.querySelector('[type=submit]');
    if (submit) submit.disabled = true;
    try {
      await handler(new FormData(form));
    } catch (err) {
      notify(err.message, 'error');
    } finally {
      if (submit) submit.disabled = false;
    }
  });
  return form;
}

export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', {}, label), control, hint ? h('small', { class: 'muted' }, hint) : null);
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** Pretty JSON in a collapsible section. */
export function jsonSection(title, value, open = false) {
  return h('details', { class: 'json-section', open }, h('summary', {}, title), h('pre', { class: 'code json' }, JSON.stringify(value ?? null, null, 2)));
}

export function badge(text, kind = text) {
  return h('span', { class: `badge ${String(kind).replace(/[^a-z-]/gi, '')}` }, text);
}

export function empty(text) {
  return h('p', { class: 'empty muted' }, text);
}
