// Geometry of the usage chart: one bar per group, stacked input/output tokens (or one cost bar), on a scale
// rounded to a readable maximum. Pure numbers, so Node tests it; chart.js draws them as SVG.

export const METRICS = {
  tokens: { label: 'tokens', parts: [['input_tokens', 'input'], ['output_tokens', 'output']] },
  cost: { label: 'cost (USD)', parts: [['cost_usd', 'cost']] },
};

/** 0 → 1, 7 → 10, 1234 → 2000, 0.031 → 0.05: the smallest 1/2/5 × 10ⁿ at or above max. */
export function niceMax(max) {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/**
 * @returns {{max, ticks: number[], bars: Array<{group, x, width, segments: Array<{part, value, y, height}>}>}}
 * in a plot of `width` × `height` user units (the SVG's viewBox), y growing downwards.
 */
export function layout(items, metric, width, height) {
  const parts = METRICS[metric]?.parts ?? METRICS.tokens.parts;
  const totals = items.map((it) => parts.reduce((sum, [field]) => sum + (Number(it[field]) || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = items.length ? width / items.length : width;
  const barWidth = Math.max(1, Math.min(48, slot * 0.7));
  const bars = items.map((it, i) => {
    let base = height;
    const segments = parts.map(([field, part]) => {
      const value = Number(it[field]) || 0;
      const h = (value / max) * height;
      base -= h;
      return { part, value, y: base, height: h };
    });
    return { group: String(it.group ?? ''), x: i * slot + (slot - barWidth) / 2, width: barWidth, segments, total: totals[i] };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return { max, ticks, bars };
}
