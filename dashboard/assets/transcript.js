// One instance's transcript as a chat: the latest page first, older pages when the top is scrolled into view,
// new messages from the live stream. Messages are keyed by seq, so a replayed or re-fetched one is drawn once;
// a gap in seqs (an event this page never got) is filled from REST.
import { h, replace } from './dom.js';
import { query, seg } from './api.js';
import { messageElement } from './render.js';
import { empty } from './ui.js';

const PAGE = 50;

export class Transcript {
  constructor(api, key, instance) {
    this.api = api;
    this.key = key;
    this.instance = instance; // null: the current one
    this.seqs = new Map(); // seq → element
    this.oldest = null;
    this.newest = 0;
    this.complete = false; // nothing older to load
    this.loadingOlder = false;
    this.list = h('div', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': 'transcript' });
    this.sentinel = h('div', { class: 'older muted' }, '');
    this.live = h('div', { class: 'live-output' });
    this.element = h('div', { class: 'transcript' }, this.sentinel, this.list, this.live);
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.loadOlder();
    });
  }

  path(params) {
    return `/v1/sessions/${seg(this.key)}/messages${query({ instance: this.instance, ...params })}`;
  }

  async load() {
    const page = await this.api.get(this.path({ order: 'desc', limit: PAGE }));
    replace(this.list);
    this.seqs.clear();
    this.newest = 0;
    this.oldest = null;
    this.complete = page.items.length < PAGE;
    this.insert(page.items.reverse(), 'end');
    if (!this.seqs.size) this.list.append(h('div', { class: 'placeholder' }, empty('No messages yet.')));
    this.sentinel.textContent = this.complete ? 'Beginning of the transcript' : 'Scroll up for older messages';
    this.observer.observe(this.sentinel);
    this.scrollToEnd(true);
  }

  async loadOlder() {
    if (this.complete || this.loadingOlder || this.oldest === null) return;
    this.loadingOlder = true;
    this.sentinel.textContent = 'Loading older messages…';
    try {
      const page = await this.api.get(this.path({ order: 'desc', limit: PAGE, before_seq: this.oldest }));
      const scroller = this.scroller();
      const before = scroller ? scroller.scrollHeight - scroller.scrollTop : 0;
      this.insert(page.items.reverse(), 'start');
      if (scroller) scroller.scrollTop = scroller.scrollHeight - before; // keep the reader's place
      this.complete = page.items.length < PAGE;
      this.sentinel.textContent = this.complete ? 'Beginning of the transcript' : 'Scroll up for older messages';
    } catch (e) {
      this.sentinel.textContent = `Could not load older messages: ${e.message}`;
    } finally {
      this.loadingOlder = false;
    }
  }

  insert(messages, where) {
    const fresh = messages.filter((m) => !this.seqs.has(m.seq));
    if (!fresh.length) return;
    this.list.querySelector('.placeholder')?.remove();
    const nodes = fresh.map((m) => {
      const el = messageElement(m);
      this.seqs.set(m.seq, el);
      return el;
    });
    if (where === 'start') this.list.prepend(...nodes);
    else this.list.append(...nodes);
    for (const m of fresh) {
      this.newest = Math.max(this.newest, m.seq);
      this.oldest = this.oldest === null ? m.seq : Math.min(this.oldest, m.seq);
    }
  }

  /** A message from the live stream; returns false when it belongs to another instance. */
  async appended(message) {
    if (this.instance && message.instance !== this.instance) return false;
    if (this.seqs.has(message.seq)) return true;
    const stick = this.nearEnd();
    if (message.seq > this.newest + 1 && this.newest > 0) {
      // A gap: fetch what lies between, then this one (the page is sorted by seq either way).
      const page = await this.api.get(this.path({ after_seq: this.newest, limit: 500 }));
      this.insert(page.items.filter((m) => m.seq < message.seq), 'end');
    }
    if (message.seq > this.newest) this.insert([message], 'end');
    else this.reinsert(message);
    this.scrollToEnd(stick);
    return true;
  }

  /** A message older than the newest one (arrived out of order): put it where its seq says. */
  reinsert(message) {
    const el = messageElement(message);
    this.seqs.set(message.seq, el);
    const after = [...this.seqs.keys()].filter((s) => s > message.seq).sort((a, b) => a - b)[0];
    const next = after === undefined ? null : this.seqs.get(after);
    this.list.insertBefore(el, next && next.parentNode === this.list ? next : null);
  }

  removedAfter(afterSeq) {
    for (const [seq, el] of this.seqs) {
      if (seq > afterSeq) {
        el.remove();
        this.seqs.delete(seq);
      }
    }
    this.newest = Math.min(this.newest, afterSeq);
  }

  /** The run output streaming now, as a provisional bubble under the transcript (null clears it). */
  showLive(runId, text) {
    if (text === null) {
      replace(this.live);
      return;
    }
    const stick = this.nearEnd();
    replace(this.live, h('article', { class: 'msg assistant streaming', data: { run: runId } },
      h('header', {}, h('span', { class: 'role' }, 'assistant'), h('span', { class: 'muted' }, ' streaming…')),
      h('div', { class: 'body' }, h('pre', { class: 'stream-text' }, text))));
    this.scrollToEnd(stick);
  }

  scroller() {
    return this.element.closest('.scroll');
  }

  nearEnd() {
    const s = this.scroller();
    return !s || s.scrollHeight - s.scrollTop - s.clientHeight < 80;
  }

  scrollToEnd(yes) {
    const s = this.scroller();
    if (yes && s) s.scrollTop = s.scrollHeight;
  }

  dispose() {
    this.observer.disconnect();
  }
}
