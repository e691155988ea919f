import { describe, expect, it } from 'vitest';
import { backoffMs, nextStep, type RetryPolicy } from './next-step.ts';
import type { Verdict } from './transport.ts';

const bulk: RetryPolicy = { kind: 'bulk', maxAttempts: 3, backoff: { baseMs: 1000, maxMs: 120_000 } };
const transactional: RetryPolicy = { kind: 'transactional', maxAttempts: 10, backoff: { baseMs: 1000, maxMs: 600_000 } };

describe('backoffMs', () => {
  it('grows four times per attempt and is capped', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, { baseMs: 1000, maxMs: 120_000 }))).toEqual([1000, 4000, 16_000, 64_000, 120_000]);
    expect(backoffMs(0, { baseMs: 50, maxMs: 1000 })).toBe(50);
  });
});

describe('nextStep', () => {
  it.each<[Verdict, number, ReturnType<typeof nextStep>]>([
    ['retry', 1, { action: 'retry', afterMs: 1000 }],
    ['retry', 2, { action: 'retry', afterMs: 4000 }],
    ['retry', 3, { action: 'give-up' }],
    ['unreachable', 1, { action: 'retry', afterMs: 1000 }],
    ['bounce', 1, { action: 'record', outcome: 'bounced' }],
    ['fail', 1, { action: 'record', outcome: 'failed' }],
    ['policy', 1, { action: 'record', outcome: 'failed' }],
    ['uncertain', 1, { action: 'record', outcome: 'uncertain' }],
    ['stop', 1, { action: 'halt' }],
  ])('bulk: %s after try %i → %j', (verdict, attempt, step) => {
    expect(nextStep(verdict, attempt, bulk)).toEqual(step);
  });

  it.each<[Verdict, number, ReturnType<typeof nextStep>]>([
    ['retry', 1, { action: 'retry', afterMs: 1000 }],
    ['unreachable', 6, { action: 'retry', afterMs: 600_000 }],
    // A confirmation the server may have taken is sent again: a duplicate is harmless, a lost one is not.
    ['uncertain', 2, { action: 'retry', afterMs: 4000 }],
    // Refused credentials or a paused account: the operator fixes it while the message waits.
    ['stop', 3, { action: 'retry', afterMs: 16_000 }],
    ['stop', 10, { action: 'give-up' }],
    ['bounce', 1, { action: 'record', outcome: 'bounced' }],
    ['policy', 1, { action: 'record', outcome: 'failed' }],
  ])('transactional: %s after try %i → %j', (verdict, attempt, step) => {
    expect(nextStep(verdict, attempt, transactional)).toEqual(step);
  });
});
