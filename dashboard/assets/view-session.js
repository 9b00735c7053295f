// Session: the transcript as a chat with its live run output, the session's facts (instances, checkpoints where
// the server has them, metadata, plugins, runs, directives) and, for tokens that may, its actions.
import { h, replace } from './dom.js';
import { query, seg } from './api.js';
import { actionButton, badge, confirmDialog, empty, field, jsonSection, notify, onSubmit, select } from './ui.js';
import { Transcript } from './transcript.js';
import { compact, cost, dateTime, relativeTime, tokens } from './format.js';
import { ACTIVE } from './live-runs.js';
import { directiveForm, directiveList } from './directive-parts.js';

const ON_ACTIVE = [['reject', 'reject (if a run is active)'], ['enqueue', 'enqueue'], ['interrupt', 'interrupt (steer)'], ['rollback', 'rollback']];

export function sessionView(ctx, key, params) {
  const instance = params.get('instance');
  const base = `/v1/sessions/${seg(key)}`;
  let session = null;
  let queue = []; // events that arrive while the transcript loads
  const transcript = new Transcript(ctx.api, key, instance);
  const headerEl = h('div', { class: 'session-head' });
  const actionsEl = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'session actions' });
  const side = h('aside', { class: 'side' });
  const composer = h('div', { class: 'composer' });

  function renderHead() {
    if (!session) return;
    const active = ctx.runs.activeFor(key);
    replace(headerEl,
      h('h1', { class: 'key' }, session.key),
      session.title ? h('p', { class: 'title' }, session.title) : null,
      h('p', { class: 'facts' }, badge(session.status), ' ', `${session.channel ?? 'no channel'} · agent ${session.agent ?? '—'}`,
        ` · ${compact(session.message_count)} messages · ${compact(tokens(session.usage))} tokens · ${cost(session.usage?.cost_usd)}`,
        ` · last seen ${relativeTime(session.last_seen_at)}`,
        active ? [' · ', h('a', { href: `#/run/${seg(active.id)}` }, badge(`run ${active.run.status}`, 'running'))] : null),
      instance ? h('p', { class: 'notice info' }, `Viewing instance ${instance} (read-only). `, h('a', { href: `#/session/${seg(key)}` }, 'Back to the current instance')) : null);
    renderActions(active);
  }

  function renderActions(active) {
    const caps = ctx.caps;
    const buttons = [];
    if (caps.sessionsWrite && !instance) {
      buttons.push(actionButton('Reset', async () => {
        const ok = await confirmDialog('Reset this session?', 'A new, empty instance starts; the current transcript stays readable under Instances.', 'Reset');
        if (ok) applySession(await ctx.api.post(`${base}/reset`, { reason: 'dashboard' }));
      }, { data: { action: 'reset' } }));
      if (session.status !== 'ended') {
        buttons.push(actionButton('End', async () => applySession(await ctx.api.post(`${base}/end`, { reason: 'dashboard' })), { data: { action: 'end' } }));
      }
      buttons.push(actionButton('Delete…', async () => {
        const ok = await confirmDialog('Delete this session?', `${key} and all its transcripts move to the archive; the key becomes free.`, 'Delete');
        if (!ok) return;
        await ctx.api.delete(base, { headers: { 'If-Match': `"${session.version}"` } });
        notify(`Deleted ${key}`);
        ctx.navigate('#/sessions');
      }, { class: 'danger', data: { action: 'delete' } }));
    }
    if (caps.runsWrite && active && !instance) {
      buttons.push(actionButton('Abort run', () => ctx.api.post(`/v1/runs/${seg(active.id)}/abort`, { reason: 'aborted from the dashboard' }), { class: 'danger', data: { action: 'abort' } }));
    }
    replace(actionsEl, buttons);
  }

  function renderComposer() {
    if (!ctx.caps.runsWrite || instance) {
      replace(composer, ctx.caps.readOnly ? h('p', { class: 'muted' }, 'Read-only token: actions are hidden.') : null);
      return;
    }
    const form = h('form', { class: 'send', 'aria-label': 'send a message' },
      h('label', { class: 'sr-only', for: 'send-input' }, 'Message'),
      h('textarea', { id: 'send-input', name: 'input', rows: 2, required: true, placeholder: 'Send a message to the agent (starts a run)…' }),
      field('If a run is active', select('on_active', ON_ACTIVE, 'reject')),
      h('button', { type: 'submit', data: { action: 'send' } }, 'Send'));
    form.querySelector('textarea').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit();
    });
    replace(composer, onSubmit(form, async (data) => {
      const run = await ctx.api.post(`${base}/runs`, { input: String(data.get('input')), on_active: data.get('on_active') });
      ctx.runs.remember(run);
      form.reset();
      renderHead();
    }));
  }

  async function renderSide() {
    const parts = [];
    const [instances, checkpoints, runs, directives] = await Promise.allSettled([
      ctx.api.get(`${base}/instances?limit=20`),
      ctx.api.optional(`${base}/checkpoints`),
      ctx.api.get(`${base}/runs?limit=10`),
      ctx.api.get(`${base}/directives?limit=50`),
    ]);
    if (runs.status === 'fulfilled') {
      for (const r of runs.value.items) ctx.runs.remember(r);
      parts.push(h('section', {}, h('h2', {}, 'Runs'), runs.value.items.length
        ? h('ul', { class: 'plain' }, runs.value.items.map((r) => h('li', {}, h('a', { href: `#/run/${seg(r.id)}` }, badge(r.status), ` ${r.agent} · ${relativeTime(r.created_at)}`))))
        : empty('No runs.')));
    }
    if (instances.status === 'fulfilled') {
      parts.push(h('section', {}, h('h2', {}, 'Instances'), h('ul', { class: 'plain instances' }, instances.value.items.map((i) =>
        h('li', {}, h('a', { href: i.current ? `#/session/${seg(key)}` : `#/session/${seg(key)}${query({ instance: i.id })}` }, i.current ? 'current' : dateTime(i.created_at)),
          ` · ${compact(i.message_count)} messages${i.end_reason ? ` · ended: ${i.end_reason}` : ''}`)))));
    }
    if (checkpoints.status === 'fulfilled' && checkpoints.value) {
      const items = checkpoints.value.items ?? [];
      parts.push(h('section', { class: 'checkpoints' }, h('h2', {}, 'Checkpoints'), items.length
        ? h('ul', { class: 'plain' }, items.map((c) => h('li', {}, `${dateTime(c.created_at)} · ${c.strategy ?? ''} ${c.id ?? ''}`)))
        : empty('No checkpoints.')));
    }
    if (directives.status === 'fulfilled') {
      parts.push(h('section', {}, h('h2', {}, 'Directives'), directiveList(ctx, directives.value.items),
        ctx.caps.directivesWrite && !instance ? directiveForm(ctx, { sessionKey: key, onPosted: () => renderSide() }) : null));
    }
    parts.push(jsonSection('Metadata', session?.metadata, true), jsonSection('Plugins', session?.plugins), jsonSection('Source', session?.source));
    replace(side, parts);
  }

  function applySession(s) {
    if (!s || s.key !== key) return;
    const reset = session && s.id !== session.id;
    if (!session || (s.version ?? 0) >= (session.version ?? 0)) session = s;
    renderHead();
    if (reset && !instance) {
      notify('A new instance started');
      transcript.load();
      renderSide();
    }
  }

  function onEvent(e) {
    if (e.key !== key) return;
    if (queue) {
      queue.push(e);
      return;
    }
    switch (e.type) {
      case 'message.appended':
        if (!instance && e.data.instance !== session?.id) break;
        transcript.appended(e.data);
        if (session && e.data.instance === session.id) {
          session = { ...session, message_count: Math.max(session.message_count, e.data.seq), last_seen_at: e.at };
          renderHead();
        }
        break;
      case 'messages.removed':
        if (e.data.instance === (instance ?? session?.id)) transcript.removedAfter(e.data.after_seq);
        break;
      case 'session.deleted':
        notify(`${key} was deleted`);
        session = { ...session, status: 'deleted' };
        renderHead();
        replace(actionsEl);
        break;
      case 'run.output': {
        const entry = ctx.runs.get(e.data.run_id);
        if (!instance) transcript.showLive(e.data.run_id, entry?.output ?? e.data.delta);
        break;
      }
      default:
        if (e.type.startsWith('session.')) applySession(e.data);
        else if (e.type.startsWith('run.')) {
          if (!ACTIVE.has(e.data.status)) transcript.showLive(null, null);
          renderHead();
          if (e.type !== 'run.started') renderSide();
        } else if (e.type.startsWith('directive.')) renderSide();
    }
  }

  const unsubscribe = ctx.stream.subscribe(onEvent);
  const unReset = ctx.stream.onReset(() => start());

  async function start() {
    queue = [];
    try {
      session = await ctx.api.get(base);
      renderHead();
      renderComposer();
      await transcript.load();
      renderSide();
    } catch (e) {
      replace(headerEl, h('h1', { class: 'key' }, key), h('p', { class: 'notice error' }, `Could not load: ${e.message}`));
    }
    const queued = queue;
    queue = null;
    for (const e of queued) onEvent(e);
  }
  start();

  const element = h('section', { class: 'view session-view' }, headerEl, actionsEl,
    h('div', { class: 'split' }, h('div', { class: 'main-col' }, h('div', { class: 'scroll' }, transcript.element), composer), side));
  return {
    element,
    dispose() {
      unsubscribe();
      unReset();
      transcript.dispose();
    },
  };
}
