// Usage: GET /v1/usage over a date range, grouped by day, agent, channel or model, as a chart and a table.
import { h, replace } from './dom.js';
import { query } from './api.js';
import { empty, field, onSubmit, select } from './ui.js';
import { usageChart, legend } from './chart.js';
import { compact, cost, integer } from './format.js';

const GROUPS = [['day', 'day'], ['agent', 'agent'], ['channel', 'channel'], ['model', 'model']];

const isoDay = (d) => d.toISOString().slice(0, 10);

export function usageView(ctx, params) {
  const today = new Date();
  const initial = {
    from: params.get('from') ?? isoDay(new Date(today.getTime() - 29 * 86_400_000)),
    to: params.get('to') ?? isoDay(today),
    group_by: params.get('group_by') ?? 'day',
    metric: params.get('metric') === 'cost' ? 'cost' : 'tokens',
  };
  const out = h('div', { class: 'usage-out' });

  const form = onSubmit(h('form', { class: 'filters', 'aria-label': 'usage range' },
    field('From', h('input', { type: 'date', name: 'from', value: initial.from, required: true })),
    field('To (inclusive)', h('input', { type: 'date', name: 'to', value: initial.to, required: true })),
    field('Group by', select('group_by', GROUPS, initial.group_by)),
    field('Chart', select('metric', [['tokens', 'tokens'], ['cost', 'cost']], initial.metric)),
    h('button', { type: 'submit' }, 'Show')), async (data) => {
    const choice = Object.fromEntries(['from', 'to', 'group_by', 'metric'].map((k) => [k, String(data.get(k))]));
    history.replaceState(null, '', `#/usage${query(choice)}`);
    await show(choice);
  });
  form.addEventListener('change', () => form.requestSubmit());

  async function show({ from, to, group_by: groupBy, metric }) {
    try {
      // [from, to): the API's range is half-open, the form's "to" day is included.
      const end = new Date(`${to}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 1);
      const res = await ctx.api.get(`/v1/usage${query({ from: `${from}T00:00:00Z`, to: end.toISOString(), group_by: groupBy })}`);
      const items = res.items ?? [];
      if (!items.length) {
        replace(out, empty('No usage in this range.'));
        return;
      }
      replace(out, usageFigure(items, metric, groupBy), usageTable(items, groupBy));
    } catch (e) {
      replace(out, h('p', { class: 'notice error' }, `Could not load usage: ${e.message}`));
    }
  }
  show(initial);

  return { element: h('section', { class: 'view usage-view' }, h('h1', {}, 'Usage'), form, out), dispose() {} };
}

function usageFigure(items, metric, groupBy) {
  return h('figure', { class: 'chart-box' }, usageChart(items, metric),
    h('figcaption', {}, legend(metric), ` ${metric === 'cost' ? 'cost in USD' : 'input + output tokens'} by ${groupBy}`));
}

function usageTable(items, groupBy) {
  const total = (f) => items.reduce((s, it) => s + (Number(it[f]) || 0), 0);
  const num = (text) => h('td', { class: 'num' }, text);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'usage', 'aria-label': 'usage' },
    h('thead', {}, h('tr', {}, [groupBy, 'input tokens', 'output tokens', 'cache read', 'reasoning', 'cost', 'sessions', 'messages'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, items.map((it) => h('tr', { data: { group: it.group } },
      h('td', {}, String(it.group ?? '—')), num(integer(it.input_tokens)), num(integer(it.output_tokens)),
      num(integer(it.cache_read_tokens ?? 0)), num(integer(it.reasoning_tokens ?? 0)),
      num(cost(it.cost_usd)), num(integer(it.sessions)), num(integer(it.messages))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'total'), num(compact(total('input_tokens'))), num(compact(total('output_tokens'))),
      num(compact(total('cache_read_tokens'))), num(compact(total('reasoning_tokens'))), num(cost(total('cost_usd'))), h('td'), h('td')))));
}
