/**
 * The pages' keys follow what each page shows: adding the newest tip changes the key of the
 * new page, its neighbour and the pages that now list it, and of no other.
 */
import { describe, expect, it } from 'vitest';
import type { Publication, Tip } from '../content/queries.ts';
import { related } from '../content/select.ts';
import { tagFeeds, tipArchivePages, tipPages } from './paths.ts';

const author = { collection: 'authors', id: 'ada', data: { name: 'Ada' } };
const tip = (n: number, tags: string[]): Tip =>
  ({ collection: 'tips', id: `tip-${n}`, digest: `d${n}`, body: 'Body.', data: { title: `Tip ${n}`, date: new Date(Date.UTC(2026, 0, n)), tags, author: { id: 'ada' } } }) as unknown as Tip;

/** Just what the views read of a publication. */
function publication(tips: Tip[]): Publication {
  const newestFirst = [...tips].reverse();
  const tags = [...new Set(tips.flatMap((t) => t.data.tags))].map((tag) => ({ tag, slug: tag, count: 0 }));
  return { tips: newestFirst, tipPages: newestFirst, tags, author: () => author, issueOfTip: () => undefined } as unknown as Publication;
}

const keys = (paths: { params: object; cacheKey: string }[]) => new Map(paths.map((p) => [JSON.stringify(p.params), p.cacheKey]));
const changed = (before: Map<string, string>, after: Map<string, string>) => [...after].filter(([params, key]) => before.get(params) !== key).map(([params]) => params);

describe('page keys', () => {
  const tags = ['refunds', 'apologies', 'listening'];
  const week1 = Array.from({ length: 12 }, (_, i) => tip(i + 1, [tags[i % 3]!]));
  const week2 = [...week1, tip(13, ['listening'])];

  it('change for the new tip, its neighbour and the tips that now list it as related, and for no other tip page', () => {
    const before = keys(tipPages(publication(week1), 2026));
    const after = keys(tipPages(publication(week2), 2026));
    const listing = week1.filter((t) => related(t, publication(week2).tips).some((r) => r.id === 'tip-13')).map((t) => t.id);
    expect(listing.length).toBeGreaterThan(0);
    expect(changed(before, after).sort()).toEqual([...new Set(['tip-13', 'tip-12', ...listing])].map((slug) => JSON.stringify({ slug })).sort());
  });

  it('change for every archive page the new tip moves the others along, and for the feed of its tag only', () => {
    expect(changed(keys(tipArchivePages(publication(week1), 5, 2026)), keys(tipArchivePages(publication(week2), 5, 2026)))).toEqual(['{"page":"2"}', '{"page":"3"}']);
    expect(changed(keys(tagFeeds(publication(week1), 20, 2026)), keys(tagFeeds(publication(week2), 20, 2026)))).toEqual(['{"tag":"listening"}']);
  });

  it('change with the year the footer prints', () => {
    expect(changed(keys(tipPages(publication(week1), 2026)), keys(tipPages(publication(week1), 2027)))).toHaveLength(12);
  });
});
