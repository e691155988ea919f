import { describe, expect, it } from 'vitest';
import { archivePages, type Archive } from './pagination.ts';

/** Entries 1..n, the newest (n) first. */
const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => n - i);
const shape = (archive: Archive<number>) => ({
  front: archive.front.items,
  numbered: archive.numbered.map((p) => [p.number, p.items]),
});

describe('archivePages', () => {
  it('numbers full pages from the oldest; the front page shows the newest, at least a page of them', () => {
    expect(shape(archivePages(newestFirst(23), 5))).toEqual({
      front: [23, 22, 21, 20, 19, 18, 17, 16],
      numbered: [
        [1, [5, 4, 3, 2, 1]],
        [2, [10, 9, 8, 7, 6]],
        [3, [15, 14, 13, 12, 11]],
      ],
    });
    expect(shape(archivePages(newestFirst(20), 5)).front).toEqual([20, 19, 18, 17, 16]);
  });

  it('links newer and older pages, the newest numbered page to the front page', () => {
    const { front, numbered } = archivePages(newestFirst(23), 5);
    expect([front.newer, front.older]).toEqual([undefined, { number: 3 }]);
    expect(numbered.map((p) => [p.newer, p.older])).toEqual([
      [{ number: 2 }, undefined],
      [{ number: 3 }, { number: 1 }],
      [{ number: undefined }, { number: 2 }],
    ]);
  });

  it('keeps every numbered page as it was when an entry is added, until a full page moves off the front', () => {
    for (let n = 1; n < 40; n++) {
      const before = archivePages(newestFirst(n), 5).numbered;
      const after = archivePages(newestFirst(n + 1), 5).numbered;
      const changed = after.filter((page, i) => JSON.stringify(page) !== JSON.stringify(before[i]));
      // Every 5 entries a full page leaves the front page and gets the next number; the page before links to it.
      const expected = after.length > before.length ? [after.length - 1, after.length].filter((k) => k > 0) : [];
      expect(changed.map((p) => p.number), `${n} → ${n + 1} entries`).toEqual(expected);
    }
  });

  it('has only a front page for a short list, and an empty one for none', () => {
    expect(shape(archivePages(newestFirst(4), 5))).toEqual({ front: [4, 3, 2, 1], numbered: [] });
    expect(archivePages([], 5)).toEqual({ front: { items: [], number: undefined, newer: undefined, older: undefined }, numbered: [] });
  });
});
