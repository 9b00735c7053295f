// Runs: the runs seen live since sign-in (and those of a session looked up by key), and one run in detail: its
// output streaming from run.output, status, the process logs' tail, abort and steer.
import { h, replace } from './dom.js';
import { query, seg } from './api.js';
import { actionButton, badge, empty, field, jsonSection, onSubmit } from './ui.js';
import { dateTime, relativeTime } from './format.js';
import { ACTIVE } from './live-runs.js';

export function runsView(ctx, params) {
  const list = h('div', { class: 'runs-list' });
  const lookup = h('div', { class: 'lookup' });
  const keyValue = params.get('session') ?? '';

  const table = (entries) => entries.length
    ? h('table', { class: 'runs', 'aria-label': 'runs' },
      h('thead', {}, h('tr', {}, ['Run', 'Session', 'Agent', 'Status', 'Created', 'Output'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, entries.map(({ run, output }) => h('tr', { data: { run: run.id } },
        h('td', {}, h('a', { href: `#/run/${seg(run.id)}` }, run.id)),
        h('td', {}, run.key ? h('a', { href: `#/session/${seg(run.key)}` }, run.key) : '—'),
        h('td', {}, run.agent ?? '—'),
        h('td', {}, badge(run.status ?? '?')),
        h('td', { class: 'time' }, relativeTime(run.created_at)),
        h('td', { class: 'preview muted' }, (output ?? '').slice(-80))))))
    : empty('No runs seen since you signed in. Look up a session below, or start one from a session.');

  const draw = () => replace(list, h('h2', {}, 'Live'), table(ctx.runs.list()));
  let timer = null;
  const unsubscribe = ctx.runs.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(draw, 100); // run.output can be many events a second: redraw at most 10 times a second
  });
  draw();

  const form = onSubmit(h('form', { class: 'inline' }, field('Session key', h('input', { name: 'session', value: keyValue, required: true, autocomplete: 'off' })),
    h('button', { type: 'submit' }, 'Show its runs')), async (data) => {
    const key = String(data.get('session')).trim();
    const page = await ctx.api.get(`/v1/sessions/${seg(key)}/runs?limit=50`);
    replace(lookup, h('h2', {}, `Runs of ${key}`), table(page.items.map((r) => ctx.runs.remember(r))));
  });
  if (keyValue) queueMicrotask(() => form.requestSubmit());

  return {
    element: h('section', { class: 'view runs-view' }, h('h1', {}, 'Runs'), list, form, lookup),
    dispose() {
      unsubscribe();
      clearTimeout(timer);
    },
  };
}

export function runView(ctx, id) {
  const info = h('div', { class: 'run-info' });
  const actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'run actions' });
  const output = h('pre', { class: 'stream-text output', 'aria-live': 'polite', 'aria-label': 'run output' });
  const logs = h('pre', { class: 'code logs' });
  const logsStatus = h('p', { class: 'muted' });
  const steer = h('div');
  let stream = 'stdout';
  let logTimer = null;

  const entry = () => ctx.runs.get(id);

  function draw() {
    const e = entry();
    if (!e) return;
    const r = e.run;
    replace(info,
      h('h1', {}, 'Run ', h('span', { class: 'mono' }, r.id)),
      h('p', { class: 'facts' }, badge(r.status ?? '?'), ' ', r.key ? h('a', { href: `#/session/${seg(r.key)}` }, r.key) : null,
        ` · agent ${r.agent ?? '—'} · created ${dateTime(r.created_at)} · started ${dateTime(r.started_at)} · ended ${dateTime(r.ended_at)}`,
        r.exit_code !== undefined && r.exit_code !== null ? ` · exit ${r.exit_code}` : ''),
      r.error ? h('p', { class: 'notice error' }, r.error) : null,
      jsonSection('Run object', r));
    output.textContent = e.output || (ACTIVE.has(r.status) ? 'Waiting for output…' : '(no output streamed while this page was open; the transcript has the reply)');
    const active = ACTIVE.has(r.status);
    replace(actions, ctx.caps.runsWrite && active
      ? actionButton('Abort', async () => {
        ctx.runs.remember(await ctx.api.post(`/v1/runs/${seg(id)}/abort`, { reason: 'aborted from the dashboard' }));
        draw();
      }, { class: 'danger', data: { action: 'abort' } })
      : null);
    replace(steer, ctx.caps.runsWrite && active && r.key ? steerForm(r.key) : null);
  }

  function steerForm(key) {
    const form = h('form', { class: 'send', 'aria-label': 'steer' },
      h('label', { class: 'sr-only', for: 'steer-input' }, 'Steer'),
      h('textarea', { id: 'steer-input', name: 'input', rows: 2, required: true, placeholder: 'Steer: interrupts this run (its partial output is kept) and starts one with this input' }),
      h('button', { type: 'submit', data: { action: 'steer' } }, 'Steer'));
    return onSubmit(form, async (data) => {
      const run = await ctx.api.post(`/v1/sessions/${seg(key)}/runs`, { input: String(data.get('input')), on_active: 'interrupt' });
      ctx.runs.remember(run);
      ctx.navigate(`#/run/${seg(run.id)}`);
    });
  }

  async function loadLogs() {
    clearTimeout(logTimer);
    try {
      logs.textContent = await ctx.api.get(`/v1/runs/${seg(id)}/logs${query({ tail: 200, stream })}`, { text: true });
      logsStatus.textContent = `${stream}, last 200 lines`;
    } catch (e) {
      logs.textContent = '';
      logsStatus.textContent = e.status === 404 ? 'No process logs (only process agents write them).' : `Logs: ${e.message}`;
      if (e.status === 404) return;
    }
    if (ACTIVE.has(entry()?.run.status)) logTimer = setTimeout(loadLogs, 2000);
  }

  const streamSwitch = h('div', { class: 'inline', role: 'group', 'aria-label': 'log stream' },
    ['stdout', 'stderr'].map((s) => h('button', { type: 'button', 'aria-pressed': String(s === stream), on: { click: (ev) => {
      stream = s;
      for (const b of ev.target.parentElement.children) b.setAttribute('aria-pressed', String(b === ev.target));
      loadLogs();
    } } }, s)));

  let pendingDraw = null;
  const unsubscribe = ctx.runs.subscribe((e, event) => {
    if (e.id !== id) return;
    if (event.type === 'run.output') {
      // Token by token, without redrawing the rest; follows the end unless the reader scrolled up.
      const following = output.scrollHeight - output.scrollTop - output.clientHeight < 40;
      output.textContent = e.output;
      if (following) output.scrollTop = output.scrollHeight;
    }
    else {
      clearTimeout(pendingDraw);
      pendingDraw = setTimeout(() => {
        draw();
        loadLogs();
      }, 0);
    }
  });

  (async () => {
    try {
      ctx.runs.remember(await ctx.api.get(`/v1/runs/${seg(id)}`));
      draw();
      loadLogs();
    } catch (e) {
      replace(info, h('h1', {}, 'Run'), h('p', { class: 'notice error' }, `Could not load run ${id}: ${e.message}`));
    }
  })();

  return {
    element: h('section', { class: 'view run-view' }, info, actions, h('h2', {}, 'Output'), output, steer,
      h('h2', {}, 'Logs'), streamSwitch, logsStatus, logs),
    dispose() {
      unsubscribe();
      clearTimeout(logTimer);
      clearTimeout(pendingDraw);
    },
  };
}
