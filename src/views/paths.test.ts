/**
 * The pages' keys follow what each page shows: adding the newest tip changes the key of the
 * new page, its neighbour and the pages that now list it, and of no other. On the 1,000-tip
 * benchmark publication the weekly change (a tip and an issue) changes the keys of a few
 * dozen of its 1,800 outputs: what lets an incremental rebuild render at most 5% of them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../content/parse-entry.ts';
import type { Publication, Tip } from '../content/queries.ts';
import { published, related, tagCounts } from '../content/select.ts';
import { syntheticPublication, syntheticWeek } from '../testing/synthetic.ts';
import { authorPages, issueArchivePages, issuePages, tagFeeds, tagPages, tipArchivePages, tipPages } from './paths.ts';

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

  it('stay for the numbered archive pages when a tip is added, and change for the feed of its tag only', () => {
    expect(changed(keys(tipArchivePages(publication(week1), 5, 2026)), keys(tipArchivePages(publication(week2), 5, 2026)))).toEqual([]);
    expect(changed(keys(tagFeeds(publication(week1), 20, 2026)), keys(tagFeeds(publication(week2), 20, 2026)))).toEqual(['{"tag":"listening"}']);
  });

  it('change for the page before a new numbered page, whose "Newer" link now goes to it', () => {
    const week3 = [...week2, tip(14, ['refunds']), tip(15, ['refunds'])];
    expect(changed(keys(tipArchivePages(publication(week3.slice(0, -1)), 5, 2026)), keys(tipArchivePages(publication(week3), 5, 2026)))).toEqual(['{"page":"1"}', '{"page":"2"}']);
  });

  it('change with the year the footer prints', () => {
    expect(changed(keys(tipPages(publication(week1), 2026)), keys(tipPages(publication(week1), 2027)))).toHaveLength(12);
  });
});

/** A publication read from the benchmark's synthetic files, as the views see it (no Astro: entries as getCollection shapes them). */
function syntheticPub(files: Map<string, string>): Publication {
  const entries = (collection: string) =>
    [...files]
      .filter(([path]) => path.startsWith(`${collection}/`))
      .map(([path, text]) => {
        const { id, data } = parseEntry(`content/${path}`, text) as { id: string; data: Record<string, unknown> };
        const fields: Record<string, unknown> = { ...data, draft: false };
        if (data['date']) fields['date'] = new Date(String(data['date']));
        // References, as Astro's reference() gives them.
        if (data['author']) fields['author'] = { collection: 'authors', id: data['author'] };
        if (data['tip']) fields['tip'] = { collection: 'tips', id: data['tip'] };
        return { collection, id, digest: createHash('sha256').update(text).digest('hex'), data: fields } as never;
      });
  const now = new Date('2027-01-01');
  const tips: Tip[] = published(entries('tips'), now);
  const issues: Publication['issues'] = published(entries('issues'), now);
  const authors: Publication['authors'] = entries('authors');
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((e) => [e.id, e]));
  const [tipById, authorById] = [byId(tips), byId(authors)];
  // Newest first, so the oldest issue featuring a tip is the one kept, as in queries.ts.
  const issueOfTip = new Map(issues.map((issue) => [issue.data.tip?.id, issue]));
  const tags = tagCounts(tips).map(({ tag, count }) => ({ tag, slug: tag, count }));
  return { tips, issues, authors, tags, tipPages: tips, issuePages: issues, tip: (id) => tipById.get(id), anyTip: (id) => tipById.get(id), author: (id) => authorById.get(id)!, issueOfTip: (id) => issueOfTip.get(id) } as Publication;
}

describe('the weekly change on the 1,000-tip benchmark publication', () => {
  const size = { tips: 1000, issues: 200, authors: 20 };
  const before = syntheticPublication(size);
  const after = new Map([...before, ...syntheticWeek(size)]);
  /** Every keyed page of the site (the views' routes) by route and params. */
  const routes: Record<string, (pub: Publication) => { params: object; cacheKey: string }[]> = {
    tipPages: (pub) => tipPages(pub, 2026),
    issuePages: (pub) => issuePages(pub, 2026),
    authorPages: (pub) => authorPages(pub, 2026),
    tipArchivePages: (pub) => tipArchivePages(pub, 10, 2026),
    issueArchivePages: (pub) => issueArchivePages(pub, 10, 2026),
    tagFronts: (pub) => tagPages(pub, 10, 'front', 2026),
    tagPages: (pub) => tagPages(pub, 10, 'numbered', 2026),
    tagFeeds: (pub) => tagFeeds(pub, 20, 2026),
  };
  const allKeys = (pub: Publication) =>
    new Map(Object.entries(routes).flatMap(([route, paths]) => paths(pub).map((p) => [`${route} ${JSON.stringify(p.params)}`, p.cacheKey] as const)));

  it('changes the keys of the 12 pages that show the new tip or issue, and of no archive page', () => {
    const [old, now] = [allKeys(syntheticPub(before)), allKeys(syntheticPub(after))];
    const different = changed(old, now);
    expect(now.size).toBeGreaterThan(1500);
    // The new tip and issue and their neighbours, the new tip's author, its two tags' front pages and
    // feeds, and the three tips sharing both its tags (tip-160, -440, -720), whose related lists it joins.
    // Nearer tips in date sharing one tag keep theirs; no numbered archive page changes.
    expect(different.sort()).toEqual(
      [
        'authorPages {"id":"author-0"}',
        'issuePages {"number":"200"}',
        'issuePages {"number":"201"}',
        'tagFeeds {"tag":"tag-0"}',
        'tagFeeds {"tag":"topic-6"}',
        'tagFronts {"tag":"tag-0"}',
        'tagFronts {"tag":"topic-6"}',
        'tipPages {"slug":"tip-0"}',
        'tipPages {"slug":"tip-1000"}',
        'tipPages {"slug":"tip-160"}',
        'tipPages {"slug":"tip-440"}',
        'tipPages {"slug":"tip-720"}',
      ].sort(),
    );
  });
});
