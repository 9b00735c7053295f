// The summary strip above the sessions table, from GET /v1/stats where the server has it (a later build; the
// strip stays empty on a 404). The shape is not fixed yet, so it shows whatever top-level numbers it finds.
import { h, replace } from './dom.js';
import { compact } from './format.js';

export async function loadStats(ctx, el) {
  try {
    const stats = await ctx.api.optional('/v1/stats');
    if (!stats || typeof stats !== 'object') return;
    const entries = flatNumbers(stats).slice(0, 12);
    replace(el, entries.map(([k, v]) => h('div', { class: 'stat' }, h('span', { class: 'muted' }, k.replace(/_/g, ' ')), h('strong', {}, compact(v)))));
  } catch {
    // no stats: nothing shown
  }
}

function flatNumbers(obj, prefix = '') {
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix} ${k}` : k;
    if (typeof v === 'number') out.push([name, v]);
    else if (v && typeof v === 'object' && !Array.isArray(v) && !prefix) out.push(...flatNumbers(v, k));
  }
  return out;
}
