import { describe, expect, it } from 'vitest';
import { pageKey, type KeyedEntry } from './cache-key.ts';

const tip = (id: string, title: string, digest = `d-${id}`): KeyedEntry => ({ collection: 'tips', id, digest, data: { title, date: new Date('2026-11-30') } });

describe('pageKey', () => {
  it('is the same for the same entries and values', () => {
    expect(pageKey(2026, tip('a', 'A'), 'tag', 2)).toBe(pageKey(2026, tip('a', 'A'), 'tag', 2));
  });

  it('changes when an entry shown changes its file or its data, or another one is shown', () => {
    const key = pageKey(2026, tip('a', 'A'), tip('b', 'B'));
    expect(pageKey(2026, tip('a', 'A', 'edited'), tip('b', 'B'))).not.toBe(key);
    expect(pageKey(2026, tip('a', 'A (new title)'), tip('b', 'B'))).not.toBe(key);
    expect(pageKey(2026, tip('a', 'A'), tip('c', 'C'))).not.toBe(key);
    expect(pageKey(2026, tip('b', 'B'), tip('a', 'A'))).not.toBe(key);
    expect(pageKey(2026, tip('a', 'A'))).not.toBe(key);
  });

  it('changes with the values a page is given and with the year its footer prints', () => {
    const key = pageKey(2026, tip('a', 'A'), 'refunds', 2);
    expect(pageKey(2026, tip('a', 'A'), 'refunds', 3)).not.toBe(key);
    expect(pageKey(2026, tip('a', 'A'), 'apologies', 2)).not.toBe(key);
    expect(pageKey(2027, tip('a', 'A'), 'refunds', 2)).not.toBe(key);
  });

  it('tells an absent entry from a value', () => {
    expect(pageKey(2026, undefined)).not.toBe(pageKey(2026, 'null'));
    expect(pageKey(2026, undefined, tip('a', 'A'))).not.toBe(pageKey(2026, tip('a', 'A'), undefined));
  });
});
