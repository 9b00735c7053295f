// Runs the page has seen on the live stream since sign-in, with their streamed output (run.output deltas), so a
// run's output is there when its view is opened after it started. Bounded: the newest MAX_RUNS runs, and
// MAX_OUTPUT characters of output each (the complete text ends up in the transcript anyway).
const MAX_RUNS = 200;
const MAX_OUTPUT = 1_000_000;
export const ACTIVE = new Set(['queued', 'running']);

export class LiveRuns {
  constructor(stream) {
    this.runs = new Map(); // id → {run, output, key}
    this.listeners = new Set();
    stream.subscribe((e) => this.onEvent(e));
  }

  onEvent(e) {
    if (!e.type.startsWith('run.')) return;
    if (e.type === 'run.output') {
      const entry = this.entry(e.data?.run_id, e.key);
      if (entry.output.length < MAX_OUTPUT) entry.output += String(e.data?.delta ?? '');
      this.emit(entry, e);
    } else if (e.data?.id) {
      const entry = this.entry(e.data.id, e.key);
      entry.run = { ...entry.run, ...e.data };
      this.emit(entry, e);
    }
  }

  entry(id, key) {
    let entry = this.runs.get(id);
    if (!entry) {
      entry = { id, key, run: { id, key, status: 'running' }, output: '' };
      this.runs.set(id, entry);
      if (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value);
    }
    return entry;
  }

  /** A run fetched over REST joins what the stream knows (the stream's status may be newer). */
  remember(run) {
    const entry = this.entry(run.id, run.key);
    // An ended run's status is final; an active one fetched now may be older than what the stream said.
    if (!ACTIVE.has(run.status) || !entry.fromStream) entry.run = { ...entry.run, ...run };
    return entry;
  }

  get(id) {
    return this.runs.get(id);
  }

  /** The newest first. */
  list() {
    return [...this.runs.values()].reverse();
  }

  activeFor(key) {
    return this.list().find((r) => r.key === key && ACTIVE.has(r.run.status)) ?? null;
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(entry, event) {
    entry.fromStream = true;
    for (const fn of this.listeners) fn(entry, event);
  }
}
