import { describe, expect, it } from 'vitest';
import { isPublished, neighbours, published, readingMinutes, related, tagCounts } from './select.ts';

const entry = (id: string, date: string, extra: { draft?: boolean; tags?: string[] } = {}) => ({
  id,
  data: { date: new Date(date), draft: extra.draft ?? false, tags: extra.tags ?? [] },
});
const now = new Date('2026-11-23T12:00:00Z');

describe('published', () => {
  it('keeps entries dated up to now, drops drafts and the future, newest first', () => {
    const list = [
      entry('old', '2026-11-02'),
      entry('today', '2026-11-23'),
      entry('tomorrow', '2026-11-24'),
      entry('draft', '2026-11-09', { draft: true }),
      entry('mid', '2026-11-16'),
    ];
    expect(published(list, now).map((e) => e.id)).toEqual(['today', 'mid', 'old']);
  });

  it('publishes a future entry once its day comes', () => {
    const tomorrow = entry('tomorrow', '2026-11-24');
    expect(isPublished(tomorrow, now)).toBe(false);
    expect(isPublished(tomorrow, new Date('2026-11-24T00:00:00Z'))).toBe(true);
  });

  it('orders same-day entries by id so builds are repeatable', () => {
    const list = [entry('b', '2026-11-02'), entry('a', '2026-11-02')];
    expect(published(list, now).map((e) => e.id)).toEqual(['a', 'b']);
  });
});

describe('neighbours', () => {
  const list = [entry('c', '2026-11-16'), entry('b', '2026-11-09'), entry('a', '2026-11-02')];
  it('gives the newer and older entry', () => {
    const { newer, older } = neighbours(list, 'b');
    expect([newer?.id, older?.id]).toEqual(['c', 'a']);
  });
  it('has no newer at the head and no older at the tail', () => {
    expect(neighbours(list, 'c').newer).toBeUndefined();
    expect(neighbours(list, 'a').older).toBeUndefined();
    expect(neighbours(list, 'zzz')).toEqual({});
  });
});

describe('related', () => {
  it('ranks by shared tags, then nearness in date, and never returns the tip itself or unrelated tips', () => {
    const tip = entry('me', '2026-11-16', { tags: ['listening', 'complaints'] });
    const list = [
      entry('one-shared-newest', '2026-12-28', { tags: ['listening'] }),
      tip,
      entry('one-shared-near', '2026-11-09', { tags: ['listening'] }),
      entry('unrelated', '2026-11-08', { tags: ['hiring'] }),
      entry('two-shared-old', '2026-10-01', { tags: ['complaints', 'listening'] }),
      entry('one-shared-old', '2026-09-01', { tags: ['complaints'] }),
    ];
    expect(related(tip, list, 3).map((e) => e.id)).toEqual(['two-shared-old', 'one-shared-near', 'one-shared-newest']);
  });
  it('prefers the older of two equally near tips, so a newer tip does not push it out', () => {
    const tip = entry('me', '2026-11-16', { tags: ['listening'] });
    const list = [entry('week-after', '2026-11-23', { tags: ['listening'] }), tip, entry('week-before', '2026-11-09', { tags: ['listening'] })];
    expect(related(tip, list, 1).map((e) => e.id)).toEqual(['week-before']);
  });
  it('gives what ranking the whole list gives, for every tip of a large list', () => {
    // The plain definition: score every other tip, sort, take the first few.
    const byScan = <T extends { id: string; data: { date: Date; tags: string[] } }>(tip: T, list: readonly T[], count: number) => {
      const tags = new Set(tip.data.tags);
      const distance = (other: T) => Math.abs(other.data.date.getTime() - tip.data.date.getTime());
      return list
        .map((other) => ({ other, shared: other.data.tags.filter((t) => tags.has(t)).length }))
        .filter(({ other, shared }) => other.id !== tip.id && shared > 0)
        .sort((a, b) => b.shared - a.shared || distance(a.other) - distance(b.other) || a.other.data.date.getTime() - b.other.data.date.getTime() || a.other.id.localeCompare(b.other.id))
        .slice(0, count)
        .map(({ other }) => other.id);
    };
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const list = Array.from({ length: 300 }, (_, i) =>
      entry(`t${i}`, `2026-01-${String(1 + next(28)).padStart(2, '0')}`, { tags: Array.from({ length: 1 + next(4) }, () => `tag${next(12)}`) }),
    ).sort((a, b) => b.data.date.getTime() - a.data.date.getTime() || a.id.localeCompare(b.id));
    for (const tip of list) expect(related(tip, list, 4).map((e) => e.id)).toEqual(byScan(tip, list, 4));
    const outsider = entry('outsider', '2026-01-15', { tags: ['tag3', 'tag5'] });
    expect(related(outsider, list, 4).map((e) => e.id)).toEqual(byScan(outsider, list, 4));
  });
  it('answers from the list it is given, not from an earlier one', () => {
    const tip = entry('me', '2026-11-16', { tags: ['listening'] });
    const first = [tip, entry('a', '2026-11-09', { tags: ['listening'] })];
    const second = [tip, entry('b', '2026-11-09', { tags: ['listening'] })];
    expect(related(tip, first).map((e) => e.id)).toEqual(['a']);
    expect(related(tip, second).map((e) => e.id)).toEqual(['b']);
  });
});

describe('tagCounts', () => {
  it('counts and orders tags', () => {
    const list = [entry('a', '2026-01-01', { tags: ['x', 'y'] }), entry('b', '2026-01-01', { tags: ['y'] })];
    expect(tagCounts(list)).toEqual([{ tag: 'y', count: 2 }, { tag: 'x', count: 1 }]);
  });
});

describe('readingMinutes', () => {
  it('counts words, not markup', () => {
    const body = `import Takeaway from '../x';\n\n<Takeaway>${'word '.repeat(440)}</Takeaway>`;
    expect(readingMinutes(body)).toBe(2);
    expect(readingMinutes('')).toBe(1);
  });
});
