import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BEYOND_HEAD, SeqGate, backoffMs, isInitialReset, renewDelayMs } from '../assets/stream-policy.js';

test('the gate passes each seq once, in order', () => {
  const gate = new SeqGate();
  assert.deepEqual([1, 2, 2, 1, 3, 5, 4].map((s) => gate.accept(s)), [true, true, false, false, true, true, false]);
  assert.equal(gate.last, 5);
  assert.equal(gate.accept('6'), false);
});

test('a reset moves the gate to the head, even backwards', () => {
  const gate = new SeqGate(10);
  gate.resetTo(4);
  assert.equal(gate.accept(5), true);
});

test('renewal comes before expiry with a margin', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(renewDelayMs('2026-01-01T00:15:00Z', now), 720_000); // 80 % of 15 min
  assert.equal(renewDelayMs('2026-01-01T00:01:00Z', now), 30_000); // 30 s before expiry wins
  assert.equal(renewDelayMs('2026-01-01T00:00:10Z', now), 1000);
  assert.equal(renewDelayMs('garbage', now), 1000);
});

test('backoff doubles up to ten seconds', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 9].map(backoffMs), [500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
});

test('only the reset answering the first connection is the initial one', () => {
  assert.equal(isInitialReset({ reason: 'unknown-position', after: BEYOND_HEAD, seq: 3 }), true);
  assert.equal(isInitialReset({ reason: 'retention', after: 5, seq: 9 }), false);
});
