// The sign-in form: a token pasted by the user, checked against the API before it is kept (in sessionStorage,
// this tab only: never localStorage, never the URL).
import { h } from './dom.js';
import { field } from './ui.js';

export const TOKEN_KEY = 'switchboard.token';

export function signInView(onToken, message) {
  const error = h('p', { class: 'notice error', role: 'alert', hidden: !message }, message ?? '');
  const input = h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false', placeholder: 'sb_…' });
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-h' },
    h('h1', { id: 'signin-h' }, 'Sign in to Switchboard'),
    field('API token', input, 'An admin token is in data/admin.token. The token stays in this tab (sessionStorage) and is forgotten when you sign out or close the tab.'),
    error,
    h('button', { type: 'submit', data: { action: 'sign-in' } }, 'Sign in'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const submit = form.querySelector('button');
    submit.disabled = true;
    error.hidden = true;
    try {
      await onToken(input.value.trim());
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => input.focus());
  return h('section', { class: 'view signin-view' }, form);
}
