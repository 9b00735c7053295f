// Directives: post one to a session or to a channel/agent target; the directives of a session (pending or all);
// and every directive created or acked since sign-in, live.
import { h, replace } from './dom.js';
import { query, seg } from './api.js';
import { empty, field, onSubmit } from './ui.js';
import { directiveForm, directiveList } from './directive-parts.js';

export function directivesView(ctx, params) {
  const live = new Map(); // id → directive, newest last
  const liveEl = h('div', { class: 'live-directives' });
  const sessionEl = h('div');
  const key = params.get('session') ?? '';

  const drawLive = () => replace(liveEl, h('h2', {}, 'Live'), live.size ? directiveList(ctx, [...live.values()].reverse()) : empty('No directive created or acked since you signed in.'));
  const unsubscribe = ctx.stream.subscribe((e) => {
    if (!e.type.startsWith('directive.') || !e.data?.id) return;
    live.set(e.data.id, { ...live.get(e.data.id), ...e.data });
    drawLive();
  });
  drawLive();

  const lookup = onSubmit(h('form', { class: 'inline', 'aria-label': 'directives of a session' },
    field('Session key', h('input', { name: 'session', value: key, required: true, autocomplete: 'off' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'pending', checked: params.get('pending') === 'true' }), ' pending only'),
    h('button', { type: 'submit' }, 'Show')), async (data) => {
    const k = String(data.get('session')).trim();
    const page = await ctx.api.get(`/v1/sessions/${seg(k)}/directives${query({ pending: data.get('pending') ? 'true' : null, limit: 200 })}`);
    replace(sessionEl, h('h2', {}, `Directives of ${k}`), directiveList(ctx, page.items));
  });
  if (key) queueMicrotask(() => lookup.requestSubmit());

  const post = ctx.caps.directivesWrite
    ? directiveForm(ctx, { onPosted: (d) => {
      live.set(d.id, d);
      drawLive();
    } })
    : h('p', { class: 'muted' }, 'This token may not post directives (directives:write).');

  return {
    element: h('section', { class: 'view directives-view' }, h('h1', {}, 'Directives'), h('div', { class: 'split' },
      h('div', { class: 'main-col' }, liveEl, lookup, sessionEl), h('aside', { class: 'side' }, post))),
    dispose: unsubscribe,
  };
}
