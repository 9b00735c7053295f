// One live event stream for the whole page: GET /v1/events over EventSource with a stream token (EventSource
// can't send Authorization). The token is minted at start, renewed before it expires, and re-minted when the
// server closes the stream for it. Whatever ends a connection (network, restart, renewal, overflow), the next
// one resumes after the last event id seen, and SeqGate drops anything already handed on: nothing twice,
// nothing missed.
import { ApiError } from './api.js';
import { BEYOND_HEAD, SeqGate, backoffMs, isInitialReset, renewDelayMs } from './stream-policy.js';

const EVENT_TYPES = [
  'session.created', 'session.updated', 'session.heartbeat', 'session.ended', 'session.reset', 'session.deleted',
  'message.appended', 'messages.removed',
  'run.queued', 'run.started', 'run.output', 'run.completed', 'run.failed', 'run.aborted',
  'directive.created', 'directive.acked', 'checkpoint.created',
];
const STREAM_TTL_SECONDS = 900;

export class LiveStream {
  /** @param onState (state, detail) with state one of connecting, live, reconnecting, expired, stopped */
  constructor(api, onState) {
    this.api = api;
    this.onState = onState;
    this.listeners = new Set();
    this.resetListeners = new Set();
    this.gate = new SeqGate(0);
    this.positioned = false;
    this.attempt = 0;
    this.streamToken = null;
    this.source = null;
    this.timers = new Set();
    this.stopped = false;
    this.state = 'connecting';
    this.opened = null;
  }

  /** Resolves once the first connection knows its position (the page may then load REST state safely). */
  start() {
    this.opened = new Promise((resolve) => (this.resolveOpened = resolve));
    this.connect();
    return this.opened;
  }

  /** fn(event) for every new event {seq, type, key, channel, at, data}; returns an unsubscribe function. */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** fn() when the server says the position was lost (retention): views reload what they show. */
  onReset(fn) {
    this.resetListeners.add(fn);
    return () => this.resetListeners.delete(fn);
  }

  get lastSeq() {
    return this.gate.last;
  }

  stop() {
    this.stopped = true;
    this.closeSource();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.setState('stopped');
  }

  setState(state, detail = '') {
    this.state = state;
    this.onState(state, detail);
  }

  later(fn, ms) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  async connect() {
    if (this.stopped) return;
    this.closeSource();
    try {
      if (!this.streamToken || Date.parse(this.streamToken.expires_at) - Date.now() < 30_000 || this.attempt > 1) {
        await this.mint();
      }
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        this.setState('expired', e.message);
        return; // the page's own token is gone: only signing in again helps
      }
      this.retry(e.message);
      return;
    }
    if (this.stopped) return;
    const after = this.positioned ? this.gate.last : BEYOND_HEAD;
    const url = `/v1/events?after=${after}&access_token=${encodeURIComponent(this.streamToken.token)}`;
    const source = new EventSource(url);
    this.source = source;
    for (const type of EVENT_TYPES) source.addEventListener(type, (e) => this.deliver(e));
    source.addEventListener('reset', (e) => this.control(e, 'reset'));
    source.addEventListener('overflow', (e) => this.control(e, 'overflow'));
    source.addEventListener('closed', (e) => this.control(e, 'closed'));
    source.addEventListener('open', () => {
      if (this.source !== source) return;
      this.attempt = 0;
      if (this.positioned) this.setState('live');
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      // EventSource would retry by itself after ~3 s with Last-Event-ID; this does the same thing sooner and
      // can also renew the token, which an expired URL token needs.
      this.retry('connection lost');
    });
  }

  async mint() {
    const previous = this.streamToken;
    this.streamToken = await this.api.post('/v1/stream-tokens', { ttl_seconds: STREAM_TTL_SECONDS });
    if (this.renewTimer) clearTimeout(this.renewTimer);
    // A stream token never outlives the page's own token: when a fresh one expires no later than the last, that
    // expiry is the page token's, and renewing again would only repeat it. The stream then ends with closed
    // (token-expired), the next mint is refused, and the page says "token expired".
    const capped = previous && Date.parse(this.streamToken.expires_at) <= Date.parse(previous.expires_at);
    if (!capped) this.renewTimer = this.later(() => this.renew(), renewDelayMs(this.streamToken.expires_at));
  }

  /** Swaps to a fresh token while the old one still works; the new connection resumes after the last id. */
  async renew() {
    if (this.stopped) return;
    try {
      await this.mint();
      this.connect();
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) this.setState('expired', e.message);
      else this.renewTimer = this.later(() => this.renew(), 5000);
    }
  }

  retry(detail) {
    this.closeSource();
    if (this.stopped) return;
    this.setState('reconnecting', detail);
    this.later(() => this.connect(), backoffMs(this.attempt++));
  }

  closeSource() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  deliver(e) {
    let event;
    try {
      event = JSON.parse(e.data);
    } catch {
      return;
    }
    if (!this.gate.accept(event.seq)) return;
    for (const fn of this.listeners) {
      try {
        fn(event);
      } catch (err) {
        console.error('event listener failed', err);
      }
    }
  }

  control(e, type) {
    let data = {};
    try {
      data = JSON.parse(e.data);
    } catch {
      // keep {}
    }
    if (type === 'reset') {
      const first = !this.positioned && isInitialReset(data);
      this.gate.resetTo(Number(data.seq));
      this.positioned = true;
      this.setState('live');
      if (this.resolveOpened) {
        this.resolveOpened();
        this.resolveOpened = null;
      }
      if (!first) for (const fn of this.resetListeners) fn(data);
    } else if (type === 'overflow') {
      this.retry('fell behind; catching up'); // resume from the last delivered id: nothing is lost
    } else if (data.reason === 'token-expired' || data.reason === 'token-revoked') {
      this.streamToken = null;
      this.retry('renewing the stream token');
    } else {
      this.retry(data.reason === 'shutdown' ? 'server restarting' : 'stream closed');
    }
  }
}
