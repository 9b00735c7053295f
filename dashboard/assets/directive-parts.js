// Directive pieces shared by the Session and Directives views: the posting form and the list with ack buttons.
import { h, replace } from './dom.js';
import { seg } from './api.js';
import { actionButton, badge, empty, field, onSubmit, select } from './ui.js';
import { dateTime } from './format.js';

const PRIORITIES = [['low', 'low'], ['normal', 'normal'], ['high', 'high'], ['urgent', 'urgent']];

/**
 * @param sessionKey fixed target (the Session view), or null for a choice of session or channel/agent target
 * @param onPosted   called with the created directive
 */
export function directiveForm(ctx, { sessionKey = null, onPosted = () => {} } = {}) {
  const targetFields = sessionKey ? [] : [
    field('Session key', h('input', { name: 'session_key', autocomplete: 'off' }), 'or leave empty and target a channel and/or agent'),
    field('Channel', h('input', { name: 'channel', autocomplete: 'off' })),
    field('Agent', h('input', { name: 'agent', autocomplete: 'off' })),
  ];
  const form = h('form', { class: 'directive-form', 'aria-label': 'post a directive' },
    h('h3', {}, 'Post a directive'),
    targetFields,
    field('Content', h('textarea', { name: 'content', rows: 3, required: true })),
    field('Priority', select('priority', PRIORITIES, 'normal')),
    field('Tags', h('input', { name: 'tags', value: 'dashboard', required: true, autocomplete: 'off' }), 'comma-separated, at least one'),
    field('Expires', h('input', { name: 'expires_at', type: 'datetime-local' }), 'optional (your local time)'),
    h('button', { type: 'submit', data: { action: 'post-directive' } }, 'Post directive'));
  return onSubmit(form, async (data) => {
    const body = {
      content: String(data.get('content')),
      priority: data.get('priority'),
      tags: String(data.get('tags')).split(',').map((t) => t.trim()).filter(Boolean),
    };
    const key = sessionKey ?? String(data.get('session_key') ?? '').trim();
    if (key) body.session_key = key;
    else {
      const target = {};
      for (const f of ['channel', 'agent']) {
        const v = String(data.get(f) ?? '').trim();
        if (v) target[f] = v;
      }
      body.target = target;
    }
    const expires = String(data.get('expires_at') ?? '');
    if (expires) body.expires_at = new Date(expires).toISOString();
    const directive = await ctx.api.post('/v1/directives', body);
    form.reset();
    onPosted(directive);
  });
}

export function directiveList(ctx, items) {
  if (!items.length) return empty('No directives.');
  return h('ul', { class: 'directives plain' }, items.map((d) => directiveItem(ctx, d)));
}

function directiveItem(ctx, d) {
  const li = h('li', { class: 'directive', data: { id: d.id, status: d.status } });
  const draw = (dir) => replace(li,
    h('div', {}, badge(dir.status ?? 'pending'), ' ', badge(dir.priority ?? 'normal', `prio-${dir.priority}`), ' ',
      dir.session_key ? h('a', { href: `#/session/${seg(dir.session_key)}` }, dir.session_key) : h('span', { class: 'muted' }, targetText(dir.target)),
      h('span', { class: 'muted' }, ` · ${(dir.tags ?? []).join(', ')} · ${dateTime(dir.created_at)}`)),
    h('p', { class: 'content' }, dir.content ?? ''),
    dir.result ? h('pre', { class: 'code json' }, JSON.stringify(dir.result, null, 2)) : null,
    ctx.caps.directivesWrite && dir.status !== 'acked' && dir.status !== 'expired'
      ? actionButton('Ack', async () => draw(await ctx.api.post(`/v1/directives/${seg(dir.id)}/ack`, { result: { acked_by: 'dashboard' } })), { data: { action: 'ack' } })
      : null);
  draw(d);
  return li;
}

function targetText(target) {
  if (!target) return 'no target';
  const parts = [];
  if (target.channel) parts.push(`channel ${target.channel}`);
  if (target.agent) parts.push(`agent ${target.agent}`);
  return parts.length ? parts.join(', ') : 'every session';
}
