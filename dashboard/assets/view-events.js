// Events: the live event stream as a tail, filtered in the page (types as prefixes, channel, session), pausable:
// while paused new events are counted and shown when resumed, none dropped (within the page's last 1000).
import { h, replace } from './dom.js';
import { query, seg } from './api.js';
import { field } from './ui.js';
import { dateTime } from './format.js';
import { eventMatches } from './event-ring.js';

const SHOWN = 300;

export function eventsView(ctx, params) {
  const filters = { types: params.get('types') ?? '', channel: params.get('channel') ?? '', session: params.get('session') ?? '' };
  let paused = false;
  let waiting = 0;
  const list = h('ol', { class: 'events', 'aria-live': 'off', 'aria-label': 'events' });
  const state = h('span', { class: 'muted', role: 'status' });
  const pause = h('button', { type: 'button', 'aria-pressed': 'false', data: { action: 'pause' } }, 'Pause');

  const row = (e) => h('li', { data: { seq: e.seq, type: e.type } },
    h('details', {}, h('summary', {},
      h('span', { class: 'mono seq' }, String(e.seq)), ' ', h('time', { class: 'muted', datetime: e.at }, dateTime(e.at)), ' ',
      h('strong', { class: 'type' }, e.type), ' ',
      e.key ? h('a', { href: `#/session/${seg(e.key)}` }, e.key) : null,
      e.channel ? h('span', { class: 'muted' }, ` · ${e.channel}`) : null),
    h('pre', { class: 'code json' }, JSON.stringify(e.data, null, 2))));

  const drawAll = () => {
    replace(list, ctx.ring.items.filter((e) => eventMatches(e, filters)).slice(-SHOWN).map(row));
    state.textContent = paused ? `paused: ${waiting} new` : 'following';
  };

  const unsubscribe = ctx.ring.subscribe((e) => {
    if (!eventMatches(e, filters)) return;
    if (paused) {
      waiting++;
      state.textContent = `paused: ${waiting} new`;
      return;
    }
    list.append(row(e));
    while (list.children.length > SHOWN) list.firstElementChild.remove();
    list.lastElementChild.scrollIntoView({ block: 'nearest' });
  });

  pause.addEventListener('click', () => {
    paused = !paused;
    waiting = 0;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    drawAll();
  });

  const form = h('form', { class: 'filters', role: 'search' },
    field('Types', h('input', { name: 'types', value: filters.types, placeholder: 'session., run.output', autocomplete: 'off' })),
    field('Channel', h('input', { name: 'channel', value: filters.channel, autocomplete: 'off' })),
    field('Session', h('input', { name: 'session', value: filters.session, placeholder: 'key contains', autocomplete: 'off' })));
  form.addEventListener('input', () => {
    const data = new FormData(form);
    for (const k of Object.keys(filters)) filters[k] = String(data.get(k) ?? '').trim();
    history.replaceState(null, '', `#/events${query(filters)}`);
    drawAll();
  });
  form.addEventListener('submit', (e) => e.preventDefault());

  drawAll();
  return {
    element: h('section', { class: 'view events-view' }, h('h1', {}, 'Events'), form,
      h('div', { class: 'inline' }, pause, h('button', { type: 'button', on: { click: () => { ctx.ring.items.length = 0; drawAll(); } } }, 'Clear'), state),
      h('div', { class: 'scroll events-scroll' }, list)),
    dispose: unsubscribe,
  };
}
