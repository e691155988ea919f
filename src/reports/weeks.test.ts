import { describe, expect, it } from 'vitest';
import { stateChanges, subscriberWeeks, weekStart } from './weeks.ts';

describe('readers week by week', () => {
  it('starts weeks on Monday, UTC', () => {
    expect(weekStart(new Date('2026-12-05T23:59:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStart(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStart(new Date('2026-11-29T12:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('carries each state from week to week, including empty weeks, up to the current week', () => {
    const weeks = subscriberWeeks(
      [
        { day: '2026-11-02', from: null, to: 'pending', count: 5 },
        { day: '2026-11-03', from: 'pending', to: 'confirmed', count: 4 },
        { day: '2026-11-18', from: 'confirmed', to: 'unsubscribed', count: 1 },
        { day: '2026-11-19', from: 'pending', to: 'bounced', count: 1 },
      ],
      new Date('2026-12-01T10:00:00Z'),
    );
    expect(weeks.map((w) => [w.week.toISOString().slice(0, 10), w.pending, w.confirmed, w.unsubscribed, w.bounced])).toEqual([
      ['2026-11-02', 1, 4, 0, 0],
      ['2026-11-09', 1, 4, 0, 0],
      ['2026-11-16', 0, 3, 1, 1],
      ['2026-11-23', 0, 3, 1, 1],
      ['2026-11-30', 0, 3, 1, 1],
    ]);
  });

  it('has no weeks before the first sign-up', () => {
    expect(subscriberWeeks([], new Date())).toEqual([]);
  });

  it("reads each reader's path from today's status and the days it came about", () => {
    expect(
      stateChanges([
        { status: 'confirmed', signup: '2026-11-02', confirmed: '2026-11-03', left: null, count: 4 },
        { status: 'confirmed', signup: '2026-11-02', confirmed: null, left: null, count: 1 },
        { status: 'pending', signup: '2026-11-04', confirmed: null, left: null, count: 2 },
        { status: 'unsubscribed', signup: '2026-11-02', confirmed: '2026-11-02', left: '2026-11-20', count: 3 },
        { status: 'bounced', signup: '2026-11-05', confirmed: null, left: '2026-11-06', count: 1 },
        // Confirmed after leaving (a stale day): the reader left from pending.
        { status: 'unsubscribed', signup: '2026-11-05', confirmed: '2026-11-09', left: '2026-11-06', count: 1 },
      ]),
    ).toEqual([
      { day: '2026-11-02', from: null, to: 'pending', count: 4 },
      { day: '2026-11-03', from: 'pending', to: 'confirmed', count: 4 },
      { day: '2026-11-02', from: null, to: 'pending', count: 1 },
      { day: '2026-11-02', from: 'pending', to: 'confirmed', count: 1 },
      { day: '2026-11-04', from: null, to: 'pending', count: 2 },
      { day: '2026-11-02', from: null, to: 'pending', count: 3 },
      { day: '2026-11-02', from: 'pending', to: 'confirmed', count: 3 },
      { day: '2026-11-20', from: 'confirmed', to: 'unsubscribed', count: 3 },
      { day: '2026-11-05', from: null, to: 'pending', count: 1 },
      { day: '2026-11-06', from: 'pending', to: 'bounced', count: 1 },
      { day: '2026-11-05', from: null, to: 'pending', count: 1 },
      { day: '2026-11-06', from: 'pending', to: 'unsubscribed', count: 1 },
    ]);
  });
});
