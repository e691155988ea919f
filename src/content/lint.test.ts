import { describe, expect, it } from 'vitest';
import { rawIssue, rawPick, rawPublication, rawTip } from '../testing/builders.ts';
import { lintContent, tagKey, withoutTracking } from './lint.ts';
import { lineOf } from './locate.ts';
import { formatProblem } from './problems.ts';
import type { RawEntry } from './raw.ts';

const messages = (content = rawPublication(), options = {}) => lintContent(content, options).map((p) => `${p.severity}: ${formatProblem(p).replace(/^\S+?: /, '')}`);
const withSource = (entry: RawEntry, source: string): RawEntry => ({ ...entry, source });

describe('lintContent', () => {
  it('finds nothing in a clean publication', () => {
    expect(messages()).toEqual([]);
  });

  it('suggests the clean URL for a link with tracking parameters', () => {
    const issues = [rawIssue(1, { picks: [rawPick(1, { url: 'https://example.com/a?id=3&utm_source=news&fbclid=x' }), rawPick(2), rawPick(3)] })];
    expect(messages(rawPublication({ issues }))).toEqual(['warning: pick 1 (url) has tracking parameters: use https://example.com/a?id=3']);
    expect(withoutTracking('https://example.com/a?id=3')).toBeUndefined();
  });

  it('flags a pick repeated from a recent issue, but not one from long ago', () => {
    const issues = [rawIssue(1, { picks: [rawPick(1), rawPick(2), rawPick(3)] }), rawIssue(2, { picks: [rawPick(1), rawPick(4), rawPick(5)] })];
    expect(messages(rawPublication({ issues }))).toEqual(['warning: pick 1 (url) was already picked in issue #1 (content/issues/001.mdx): pick something new, or say why it is back']);
    expect(messages(rawPublication({ issues }), { recentIssues: 0 })).toEqual([]);
  });

  it('flags summaries and comments that are too short, too long, or mostly quotation', () => {
    const quote = `"${'word '.repeat(30).trim()}"`;
    const issues = [rawIssue(1, { picks: [rawPick(1, { comment: 'Good read, honestly.' }), rawPick(2, { summary: 'word '.repeat(130) }), rawPick(3, { comment: `They write ${quote} and I agree.` })] })];
    expect(messages(rawPublication({ issues }))).toEqual([
      'warning: pick 1 (comment) is 3 words: readers decide from it, give them at least 12',
      'warning: pick 2 (summary) is 130 words: keep it under 120, the article is one click away',
      'warning: pick 3 (comment) quotes 30 words from elsewhere: quote at most a short phrase and say the rest in your own words',
    ]);
  });

  it('flags a takeaway of more than one sentence and a title too long for subjects', () => {
    const tips = [rawTip('answer-first', { takeaway: 'Lead with the answer. Then explain why.', title: 'A headline that goes on and on well past what an inbox will show' })];
    expect(messages(rawPublication({ tips }))).toEqual([
      'warning: takeaway is more than one sentence: keep the one line a reader should remember',
      'warning: title is 64 characters: inboxes cut subjects around 60, so "Tip of the Week #N: A headline that goes on and on well past what an inbox will show" will be truncated; shorten it or set the issue\'s subject',
    ]);
  });

  it('refuses alt text that says nothing, and warns about huge images', () => {
    for (const alt of ['image', 'Photo 2', 'desk.jpg']) {
      const tips = [rawTip('answer-first', { hero: './images/desk.jpg', heroAlt: alt })];
      expect(messages(rawPublication({ tips }))).toEqual([`error: heroAlt "${alt}" does not describe the image: say what it shows, for readers who cannot see it`]);
    }
    const tips = [rawTip('answer-first', { hero: './images/desk.jpg', heroAlt: 'A tidy desk with a headset' })];
    expect(messages(rawPublication({ tips }), { fileSize: () => 5 * 1024 * 1024 })).toEqual([
      'warning: hero image is 5.0 MB: export it at most 2400px wide so builds stay fast (the email and page get resized copies)',
    ]);
    expect(messages(rawPublication({ tips }), { fileSize: () => 300_000 })).toEqual([]);
  });

  it('flags tags that differ only by case, spacing or a plural, at the tip that brought the new spelling in', () => {
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    const tips = [
      rawTip('old-one', { tags: ['complaints'], date: day('2026-01-05') }),
      rawTip('a-new-one', { tags: ['listening', 'complaint'], date: day('2026-03-02') }),
      rawTip('old-two', { tags: ['complaints'], date: day('2026-01-12') }),
      rawTip('first', { tags: ['first impressions'], date: day('2026-01-05') }),
      rawTip('second', { tags: ['first-impression'], date: day('2026-02-02') }),
    ];
    expect(lintContent(rawPublication({ tips, issues: [] })).map(formatProblem)).toEqual([
      'content/tips/a-new-one.mdx:1: tag 2 "complaint" looks like the existing tag "complaints" (content/tips/old-one.mdx and 1 more): use one spelling so readers find every tip on it',
      'content/tips/second.mdx:1: tag 1 "first-impression" looks like the existing tag "first impressions" (content/tips/first.mdx): use one spelling so readers find every tip on it',
    ]);
    expect(tagKey('Listening')).toBe(tagKey('listening'));
    expect(tagKey('hiring')).not.toBe(tagKey('teamwork'));
  });

  it('checks numbering and dates: in order, no unexplained gaps', () => {
    const backwards = [rawIssue(1, { date: new Date('2026-02-02') }), rawIssue(2, { date: new Date('2026-01-26') })];
    expect(messages(rawPublication({ issues: backwards }))).toEqual(['error: issue #2 is dated on or before #1 (content/issues/001.mdx): numbers and dates must go up together']);
    const jump = [rawIssue(1), { ...rawIssue(3, { date: new Date('2026-01-12') }) }];
    expect(messages(rawPublication({ issues: jump }))).toEqual(['warning: issue numbers jump from #1 to #3: fix the number, or add an editor\'s note that explains the break']);
    const explained = [rawIssue(1), { ...rawIssue(3, { date: new Date('2026-01-12') }), body: 'We took a holiday break.' }];
    expect(messages(rawPublication({ issues: explained }))).toEqual([]);
    const late = [rawIssue(1), rawIssue(2, { date: new Date('2026-02-02') })];
    expect(messages(rawPublication({ issues: late }))).toEqual(['warning: issue #2 comes 4 weeks after #1 (2026-W02 → 2026-W06): add an editor\'s note about the break, or check the date']);
  });

  it('reports the line where the problem is', () => {
    const source = '---\nnumber: 1\ndate: 2026-01-05\ntip: answer-first\npicks:\n  - url: https://example.com/a?utm_source=x\n';
    const issues = [withSource(rawIssue(1, { picks: [rawPick(1, { url: 'https://example.com/a?utm_source=x' }), rawPick(2), rawPick(3)] }), source)];
    expect(lintContent(rawPublication({ issues }))[0]).toMatchObject({ file: 'content/issues/001.mdx', line: 6, severity: 'warning' });
    expect(lineOf(undefined, 'x')).toBe(1);
  });
});
