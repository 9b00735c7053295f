// Sessions: a page of GET /v1/sessions under the filters, kept current by the live stream. Rows update in place
// (version-checked), new or newly matching sessions appear at the top of the first page, deleted ones go.
// Appends carry no session object, so a row touched by message.appended is re-read (at most every 500 ms).
import { h, replace } from './dom.js';
import { query, seg } from './api.js';
import { badge, empty, field, select } from './ui.js';
import { matchesFilters, newer } from './session-filter.js';
import { compact, cost, relativeTime, tokens } from './format.js';
import { loadStats } from './stats.js';

const PAGE = 50;
const MAX_ROWS = 200; // live inserts beyond this drop the oldest rows at the bottom
const REFRESH_MS = 500;

export function sessionsView(ctx, params) {
  const filters = { status: params.get('status') ?? '', channel: params.get('channel') ?? '', agent: params.get('agent') ?? '', q: params.get('q') ?? '' };
  const rows = new Map(); // key → session
  const cursors = [null]; // cursor of each page visited; the last is the current one
  let nextCursor = null;
  let hasLastMessage = false;
  const pending = new Map(); // key → timer of a scheduled re-read
  const generation = new Map(); // key → counter, so an older re-read never overwrites a newer one
  let queue = null; // events arriving while a page loads, applied after it

  const tbody = h('tbody');
  const head = h('thead');
  const table = h('table', { class: 'sessions', 'aria-label': 'sessions' }, head, tbody);
  const stats = h('div', { class: 'stats' });
  const pager = h('div', { class: 'pager' });
  const status = h('p', { class: 'muted', role: 'status' });

  const form = h('form', { class: 'filters', role: 'search' },
    field('Status', select('status', [['', 'any'], ['active', 'active'], ['idle', 'idle'], ['ended', 'ended']], filters.status)),
    field('Channel', h('input', { name: 'channel', value: filters.channel, autocomplete: 'off' })),
    field('Agent', h('input', { name: 'agent', value: filters.agent, autocomplete: 'off' })),
    field('Text', h('input', { name: 'q', type: 'search', value: filters.q, placeholder: 'key or title', autocomplete: 'off' })));
  let debounce = null;
  const applyFilters = () => {
    const data = new FormData(form);
    for (const k of Object.keys(filters)) filters[k] = String(data.get(k) ?? '').trim();
    // The URL keeps the filters (reload, share) without re-creating the view, so the focused input keeps focus.
    history.replaceState(null, '', `#/sessions${query(filters)}`);
    load(0);
  };
  form.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(applyFilters, 300);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    applyFilters();
  });

  function columns() {
    return ['Key', 'Title', 'Channel', 'Agent', 'Status', 'Run', 'Last seen', 'Messages', 'Tokens', 'Cost'];
  }

  function runCell(s) {
    const active = s.active_run ?? ctx.runs.activeFor(s.key)?.run ?? null;
    if (!active) return h('td', { class: 'run muted' }, '—');
    const id = active.id ?? active;
    return h('td', { class: 'run' }, h('a', { href: `#/run/${seg(id)}` }, badge(active.status ?? 'running', 'running')));
  }

  function rowElement(s) {
    const href = `#/session/${seg(s.key)}`;
    const last = hasLastMessage && s.last_message ? h('div', { class: 'muted preview' }, previewText(s.last_message)) : null;
    return h('tr', { data: { key: s.key, status: s.status } },
      h('td', { class: 'key' }, h('a', { href }, s.key)),
      h('td', { class: 'title' }, s.title ?? '', last),
      h('td', {}, s.channel ?? '—'),
      h('td', {}, s.agent ?? '—'),
      h('td', {}, badge(s.status)),
      runCell(s),
      h('td', { class: 'time', title: s.last_seen_at ?? '' }, relativeTime(s.last_seen_at)),
      h('td', { class: 'num count' }, compact(s.message_count)),
      h('td', { class: 'num' }, compact(tokens(s.usage))),
      h('td', { class: 'num' }, cost(s.usage?.cost_usd)));
  }

  function render() {
    replace(head, h('tr', {}, columns().map((c) => h('th', { scope: 'col' }, c))));
    replace(tbody, [...rows.values()].map(rowElement));
    if (!rows.size) tbody.append(h('tr', {}, h('td', { colspan: columns().length }, empty('No sessions match.'))));
    replace(pager,
      h('button', { type: 'button', disabled: cursors.length < 2, on: { click: () => load(cursors.length - 2) } }, '← Newer'),
      h('span', { class: 'muted' }, ` page ${cursors.length} `),
      h('button', { type: 'button', disabled: !nextCursor, on: { click: () => { cursors.push(nextCursor); load(cursors.length - 1); } } }, 'Older →'));
  }

  function renderRow(key) {
    const s = rows.get(key);
    const old = tbody.querySelector(`tr[data-key="${CSS.escape(key)}"]`);
    if (!s) {
      old?.remove();
      return;
    }
    const el = rowElement(s);
    el.classList.add('flash');
    if (old) old.replaceWith(el);
    else {
      tbody.querySelector('tr:not([data-key])')?.remove(); // the "no sessions" placeholder
      tbody.prepend(el);
    }
  }

  async function load(pageIndex) {
    cursors.length = pageIndex + 1;
    queue = [];
    status.textContent = 'Loading…';
    try {
      const page = await ctx.api.get(`/v1/sessions${query({ ...filters, limit: PAGE, cursor: cursors[pageIndex] })}`);
      rows.clear();
      for (const s of page.items) rows.set(s.key, s);
      hasLastMessage = page.items.some((s) => 'last_message' in s);
      nextCursor = page.next_cursor;
      status.textContent = '';
      render();
    } catch (e) {
      status.textContent = `Could not load sessions: ${e.message}`;
    }
    const queued = queue;
    queue = null;
    for (const e of queued) onEvent(e);
  }

  const firstPage = () => cursors.length === 1;

  function put(session, { insert }) {
    const have = rows.get(session.key);
    if (!matchesFilters(session, filters)) {
      if (have) {
        rows.delete(session.key);
        renderRow(session.key);
      }
      return;
    }
    if (have) {
      rows.set(session.key, newer(have, session));
    } else if (insert && firstPage()) {
      // A Map keeps insertion order; a new row goes first.
      const rest = [...rows.entries()];
      rows.clear();
      rows.set(session.key, session);
      for (const [k, v] of rest.slice(0, MAX_ROWS - 1)) rows.set(k, v);
      if (rest.length >= MAX_ROWS) tbody.lastElementChild?.remove();
    } else {
      return;
    }
    renderRow(session.key);
  }

  function reread(key) {
    if (pending.has(key)) return;
    pending.set(key, setTimeout(async () => {
      pending.delete(key);
      const gen = (generation.get(key) ?? 0) + 1;
      generation.set(key, gen);
      try {
        const s = await ctx.api.get(`/v1/sessions/${seg(key)}`);
        if (generation.get(key) === gen && rows.has(key)) put(s, { insert: false });
      } catch {
        // deleted meanwhile: its session.deleted event removes the row
      }
    }, REFRESH_MS));
  }

  function onEvent(e) {
    if (queue) {
      queue.push(e);
      return;
    }
    const key = e.key;
    switch (e.type) {
      case 'session.created':
      case 'session.updated':
      case 'session.ended':
      case 'session.reset':
        if (e.data?.key) put(e.data, { insert: true });
        break;
      case 'session.heartbeat': {
        // only liveness: the row keeps everything else (the event carries no version, and none changed)
        const s = rows.get(key);
        if (s && e.data) {
          rows.set(key, { ...s, status: e.data.status, last_seen_at: e.data.last_seen_at });
          renderRow(key);
        }
        break;
      }
      case 'session.deleted':
        if (rows.delete(key)) renderRow(key);
        break;
      case 'message.appended': {
        const s = rows.get(key);
        if (!s) break;
        // Seqs are contiguous from 1 in an instance, so the count is at least this seq: applying it twice is harmless.
        if (e.data?.instance === s.id) {
          rows.set(key, { ...s, message_count: Math.max(s.message_count ?? 0, e.data.seq ?? 0), last_seen_at: e.at, status: 'active' });
          renderRow(key);
        }
        reread(key);
        break;
      }
      default:
        if (rows.has(key) && (e.type === 'messages.removed' || (e.type.startsWith('run.') && e.type !== 'run.output'))) {
          renderRow(key);
          reread(key);
        }
    }
  }

  const unsubscribe = ctx.stream.subscribe(onEvent);
  const unReset = ctx.stream.onReset(() => load(cursors.length - 1));
  const clock = setInterval(() => {
    for (const cell of tbody.querySelectorAll('tr[data-key] td.time')) {
      const s = rows.get(cell.parentElement.dataset.key);
      if (s) cell.textContent = relativeTime(s.last_seen_at);
    }
  }, 10_000);

  loadStats(ctx, stats);
  load(0);

  const element = h('section', { class: 'view sessions-view', 'aria-labelledby': 'sessions-h' },
    h('h1', { id: 'sessions-h' }, 'Sessions'), stats, form, status, h('div', { class: 'table-wrap' }, table), pager);
  return {
    element,
    dispose() {
      unsubscribe();
      unReset();
      clearInterval(clock);
      clearTimeout(debounce);
      for (const t of pending.values()) clearTimeout(t);
    },
  };
}

function previewText(last) {
  if (typeof last === 'string') return last;
  return String(last?.text ?? last?.preview ?? '').slice(0, 160);
}
