import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesFilters, newer } from '../assets/session-filter.js';
import { eventMatches } from '../assets/event-ring.js';
import { layout, niceMax } from '../assets/chart-layout.js';
import { compact, cost, relativeTime } from '../assets/format.js';

test('live sessions are matched like GET /v1/sessions filters', () => {
  const s = { key: 'agent:main:telegram:dm:1', title: 'Otter Facts', status: 'active', channel: 'telegram', agent: 'main' };
  assert.equal(matchesFilters(s, {}), true);
  assert.equal(matchesFilters(s, { status: 'idle' }), false);
  assert.equal(matchesFilters(s, { channel: 'telegram', agent: 'main', q: 'otter' }), true);
  assert.equal(matchesFilters(s, { q: 'DM:1' }), true);
  assert.equal(matchesFilters(s, { q: 'beaver' }), false);
});

test('a session update never goes back a version', () => {
  assert.equal(newer({ version: 3, t: 'a' }, { version: 2, t: 'b' }).t, 'a');
  assert.equal(newer({ version: 3, t: 'a' }, { version: 3, t: 'b' }).t, 'b');
  assert.equal(newer(null, { version: 1, t: 'b' }).t, 'b');
});

test('event filters: type prefixes, channel, session substring', () => {
  const e = { type: 'message.appended', channel: 'slack', key: 'agent:main:slack:dm:7' };
  assert.equal(eventMatches(e, { types: 'session., message.' }), true);
  assert.equal(eventMatches(e, { types: 'run.' }), false);
  assert.equal(eventMatches(e, { channel: 'telegram' }), false);
  assert.equal(eventMatches(e, { session: 'slack:dm' }), true);
});

test('the chart scale is a round number and bars stack to the total', () => {
  assert.deepEqual([0, 7, 10, 1234, 0.031].map(niceMax), [1, 10, 10, 2000, 0.05]);
  const plot = layout([{ group: 'a', input_tokens: 600, output_tokens: 400 }, { group: 'b', input_tokens: 100, output_tokens: 0 }], 'tokens', 200, 100);
  assert.equal(plot.max, 1000);
  const [a, b] = plot.bars;
  assert.equal(a.segments[0].height + a.segments[1].height, 100);
  assert.equal(a.segments[1].y, 0);
  assert.equal(b.segments[0].height, 10);
  assert.ok(b.x > a.x);
});

test('formatting', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  assert.equal(relativeTime('2026-01-01T00:09:30Z', now), '30 s ago');
  assert.equal(relativeTime('2026-01-01T00:00:00Z', now), '10 min ago');
  assert.equal(relativeTime(null, now), '—');
  assert.equal(compact(12_345), '12.3k');
  assert.equal(cost(0.0031), '$0.0031');
  assert.equal(cost(1.5), '$1.50');
});
