import { describe, expect, it } from 'vitest';
import { authorId, dayOf, fitText, sentences, slugFor, tagsFrom, takeawayFrom, toTag } from './fields.ts';

describe('fields fitted to the tip schema', () => {
  it('cuts at whole sentences when they are long enough, else at a word with an ellipsis', () => {
    expect(fitText('One short sentence here. Another one follows it. And a third.', { min: 10, max: 50 })).toEqual({ text: 'One short sentence here. Another one follows it.', cut: true, tooShort: false });
    expect(fitText('A single sentence that runs on and on without a stop anywhere', { min: 10, max: 30 })).toEqual({ text: 'A single sentence that runs…', cut: true, tooShort: false });
    expect(fitText('  Short  ', { min: 10, max: 30 })).toEqual({ text: 'Short', cut: false, tooShort: true });
    expect(sentences('途中で話をさえぎらないこと。最後まで聞きます。')).toEqual(['途中で話をさえぎらないこと。', '最後まで聞きます。']);
  });

  it('takes a "Takeaway:" line for the takeaway, else the first sentence, capitalised', () => {
    expect(takeawayFrom(['Intro.', 'Bottom line: read your reply on a phone first.'], 'Ignored.')).toMatchObject({ text: 'Read your reply on a phone first.', marked: true });
    expect(takeawayFrom(['Intro.'], 'Answer first. Then explain.')).toMatchObject({ text: 'Answer first.', marked: false });
  });

  it('makes categories and tags into our tags: lowercase, deduplicated, at most 6, Uncategorized left out', () => {
    expect(toTag('Customer Service / Phone')).toBe('customer service phone');
    expect(toTag('Zuhören')).toBe('zuhören');
    expect(toTag('傾聴')).toBeUndefined();
    const terms = ['Uncategorized', 'Complaints', 'complaints', 'A', 'B', 'C', 'D', 'E', 'F'].map((name, i) => ({ domain: i < 2 ? 'category' : 'post_tag', nicename: name.toLowerCase(), name }));
    expect(tagsFrom(terms)).toEqual({ tags: ['complaints', 'a', 'b', 'c', 'd', 'e'], dropped: ['F'] });
  });

  it('names files the way Astro ids them: decoded WordPress slugs, author nicenames, the title or id as fallbacks', () => {
    expect(slugFor({ slug: '%e3%81%8a%e5%ae%a2%e6%a7%98', title: 'x', id: 1 })).toBe('お客様');
    expect(slugFor({ slug: '', title: 'Half-written: the hand-off note', id: 2 })).toBe('half-written-the-hand-off-note');
    expect(slugFor({ slug: 'version-2.0', title: 'x', id: 3 })).toBe('version-2-0');
    expect(slugFor({ slug: '', title: '!!!', id: 4 })).toBe('post-4');
    expect(authorId('dev.okafor')).toBe('dev-okafor');
    expect(authorId('Marta')).toBe('marta');
  });

  it('dates a post by its local day, an undated draft by its RSS date or the import day', () => {
    expect(dayOf({ date: '2016-11-17 09:30:00', pubDate: '' }, '2026-12-04')).toBe('2016-11-17');
    expect(dayOf({ date: '0000-00-00 00:00:00', pubDate: 'Tue, 11 Feb 2020 09:00:00 +0000' }, '2026-12-04')).toBe('2020-02-11');
    expect(dayOf({ date: '0000-00-00 00:00:00', pubDate: 'Mon, 30 Nov -0001 00:00:00 +0000' }, '2026-12-04')).toBe('2026-12-04');
  });
});
