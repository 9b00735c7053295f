// The live stream's rules, apart from EventSource so Node can test them: when to renew a stream token, how long
// to wait before reconnecting, and which events are new.

/** Renew at 80 % of the remaining lifetime, and at least 30 s before expiry (never sooner than 1 s from now). */
export function renewDelayMs(expiresAt, now = Date.now()) {
  const left = Date.parse(expiresAt) - now;
  if (!Number.isFinite(left)) return 1000;
  return Math.max(1000, Math.min(left * 0.8, left - 30_000));
}

/** 0.5 s, 1 s, 2 s, … capped at 10 s: fast after a blip, gentle on a server that is down. */
export function backoffMs(attempt) {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}

/**
 * Remembers the highest event seq handed on. An EventSource that reconnects by itself, and a stream reopened
 * with ?after=, both replay from the last id; whatever arrives twice (a race between an old and a new
 * connection, a server resending) is dropped here, so no view ever shows an event twice.
 */
export class SeqGate {
  constructor(last = 0) {
    this.last = last;
  }

  accept(seq) {
    if (!Number.isSafeInteger(seq) || seq <= this.last) return false;
    this.last = seq;
    return true;
  }

  /**
   * A reset names the head the stream continues from: the gate goes there, even backwards (a server whose log
   * is behind what this page saw would otherwise have every new event dropped as a duplicate).
   */
  resetTo(seq) {
    if (Number.isSafeInteger(seq) && seq >= 0) this.last = seq;
  }
}

/**
 * Position for the very first connection: beyond any head, so the server answers with a reset naming the head
 * (API.md "Control events", unknown-position). From then on the page always knows where to resume, even when a
 * drop comes before the first event.
 */
export const BEYOND_HEAD = Number.MAX_SAFE_INTEGER;

export function isInitialReset(data) {
  return data?.reason === 'unknown-position' && Number(data?.after) === BEYOND_HEAD;
}
