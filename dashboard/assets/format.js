// How numbers and times read in the tables. Pure.

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 30 s" for the future; "—" for none. */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.round((now - t) / 1000);
  const abs = Math.abs(s);
  const unit = abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.floor(abs / 60)} min` : abs < 86400 ? `${Math.floor(abs / 3600)} h` : `${Math.floor(abs / 86400)} d`;
  return s >= 0 ? (abs < 2 ? 'just now' : `${unit} ago`) : `in ${unit}`;
}

export function integer(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** 1234 → "1.2k", 3 400 000 → "3.4M". */
export function compact(n) {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return integer(n);
}

export function cost(usd) {
  if (!Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** Input + output tokens of a usage object (reasoning and cache counts are shown separately where they matter). */
export function tokens(usage) {
  return (usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0);
}

export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
