// The usage chart as SVG elements (no library, nothing fetched): bars from chart-layout.js, a y axis with five
// ticks, group labels under the bars, and a <title> per bar for the exact numbers.
import { svg } from './dom.js';
import { layout, METRICS } from './chart-layout.js';
import { compact, cost } from './format.js';

const W = 720;
const H = 240;
const LEFT = 56;
const BOTTOM = 48;

export function usageChart(items, metric) {
  const plot = layout(items, metric, W - LEFT - 8, H - BOTTOM - 8);
  const fmt = metric === 'cost' ? cost : compact;
  const label = METRICS[metric]?.label ?? 'tokens';
  const every = Math.max(1, Math.ceil(items.length / 12)); // at most ~12 group labels
  return svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${label} by group`, preserveAspectRatio: 'xMidYMid meet' },
    svg('title', {}, `${label} by group`),
    svg('g', { transform: `translate(${LEFT},8)` },
      plot.ticks.map((t) => {
        const y = (H - BOTTOM - 8) * (1 - t / plot.max);
        return svg('g', { class: 'tick' },
          svg('line', { x1: 0, x2: W - LEFT - 8, y1: y, y2: y }),
          svg('text', { x: -6, y: y + 4, 'text-anchor': 'end' }, fmt(t)));
      }),
      plot.bars.map((b, i) => svg('g', { class: 'bar', data: { group: b.group } },
        svg('title', {}, `${b.group}: ${b.segments.map((s) => `${s.part} ${fmt(s.value)}`).join(', ')}`),
        b.segments.map((s) => svg('rect', { class: `seg ${s.part}`, x: b.x, y: s.y, width: b.width, height: Math.max(0, s.height) })),
        i % every === 0 ? svg('text', { class: 'label', x: b.x + b.width / 2, y: H - BOTTOM + 8, 'text-anchor': 'end', transform: `rotate(-30 ${b.x + b.width / 2} ${H - BOTTOM + 8})` }, shorten(b.group)) : null))));
}

function shorten(group) {
  return group.length > 16 ? `${group.slice(0, 15)}…` : group;
}

export function legend(metric) {
  const parts = METRICS[metric]?.parts ?? [];
  return svg('svg', { class: 'legend', viewBox: `0 0 ${parts.length * 90} 16`, width: parts.length * 90, height: 16, 'aria-hidden': 'true' },
    parts.map(([, part], i) => svg('g', {}, svg('rect', { class: `seg ${part}`, x: i * 90, y: 3, width: 10, height: 10 }), svg('text', { x: i * 90 + 14, y: 12 }, part))));
}
