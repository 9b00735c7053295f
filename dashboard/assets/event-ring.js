// The last events of the live stream, kept from sign-in on so the Events view has a tail as soon as it opens.
const CAPACITY = 1000;

export class EventRing {
  constructor(stream) {
    this.items = [];
    this.listeners = new Set();
    stream.subscribe((e) => {
      this.items.push(e);
      if (this.items.length > CAPACITY) this.items.splice(0, this.items.length - CAPACITY);
      for (const fn of this.listeners) fn(e);
    });
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** Whether an event passes the Events view's filters (types: comma list of prefixes, as the API's ?types=). */
export function eventMatches(e, { types, channel, session }) {
  const prefixes = String(types ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  if (prefixes.length && !prefixes.some((p) => e.type.startsWith(p))) return false;
  if (channel && e.channel !== channel) return false;
  if (session && !String(e.key ?? '').includes(session)) return false;
  return true;
}
