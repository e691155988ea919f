import { describe, expect, it } from 'vitest';
import { SOFT_BOUNCE_LIMIT, SOFT_BOUNCE_WINDOW_DAYS, feedbackVerdict } from './policy.ts';

const now = new Date('2026-11-23T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
const none = { transientBounces: [] };

describe('feedbackVerdict', () => {
  it('pins the documented rule: 3 transient bounces within 30 days', () => {
    expect(SOFT_BOUNCE_LIMIT).toBe(3);
    expect(SOFT_BOUNCE_WINDOW_DAYS).toBe(30);
  });

  it('a permanent bounce bounces, a complaint complains, a delivery is ignored', () => {
    expect(feedbackVerdict({ kind: 'bounce', severity: 'permanent' }, none, now)).toBe('bounced');
    expect(feedbackVerdict({ kind: 'complaint' }, none, now)).toBe('complained');
    expect(feedbackVerdict({ kind: 'delivery' }, none, now)).toBe('ignore');
  });

  it('a bounce without severity counts as permanent', () => {
    expect(feedbackVerdict({ kind: 'bounce' }, none, now)).toBe('bounced');
  });

  it('counts transient bounces until the third within the window', () => {
    const soft = { kind: 'bounce', severity: 'transient' } as const;
    expect(feedbackVerdict(soft, none, now)).toBe('soft-counted');
    expect(feedbackVerdict(soft, { transientBounces: [daysAgo(10)] }, now)).toBe('soft-counted');
    expect(feedbackVerdict(soft, { transientBounces: [daysAgo(10), daysAgo(29)] }, now)).toBe('soft-limit');
  });

  it('forgets transient bounces older than 30 days', () => {
    const soft = { kind: 'bounce', severity: 'transient' } as const;
    expect(feedbackVerdict(soft, { transientBounces: [daysAgo(10), daysAgo(31)] }, now)).toBe('soft-counted');
    expect(feedbackVerdict(soft, { transientBounces: [daysAgo(30), daysAgo(45)] }, now)).toBe('soft-counted');
  });

  it('judges an old report by its own date, not by the day it is processed', () => {
    const old = { kind: 'bounce', severity: 'transient', at: daysAgo(60) } as const;
    expect(feedbackVerdict(old, { transientBounces: [daysAgo(70), daysAgo(80)] }, now)).toBe('soft-limit');
    expect(feedbackVerdict(old, { transientBounces: [daysAgo(10), daysAgo(20)] }, now)).toBe('soft-counted');
  });

  it('uses now for a report dated in the future', () => {
    const future = { kind: 'bounce', severity: 'transient', at: daysAgo(-40) } as const;
    expect(feedbackVerdict(future, { transientBounces: [daysAgo(1), daysAgo(2)] }, now)).toBe('soft-limit');
  });
});
