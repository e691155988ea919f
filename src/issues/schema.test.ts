import { describe, expect, it } from 'vitest';
import { standaloneHelpers } from '../content/fields.ts';
import { crossCheck } from '../content/crosscheck.ts';
import { issueHeadline, issueTeaser } from './headline.ts';
import { issueSchema } from './schema.ts';

const pick = (n: number) => ({
  title: `Article ${n} about queues`,
  url: `https://example.com/articles/${n}`,
  author: 'Sam Writer',
  source: 'Example Journal',
  summary: 'What the article says about queues, in a sentence or two of our own.',
  comment: 'Why it matters to a support team, in our words.',
});
const base = { number: 3, date: '2016-11-18', picks: [pick(1), pick(2), pick(3)] };
const messages = (data: unknown) => {
  const result = issueSchema(standaloneHelpers).safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('an issue without a tip', () => {
  it('is allowed only for an archive issue, which then needs a title', () => {
    expect(messages({ ...base, archived: true, title: 'Five reads on queues' })).toEqual([]);
    expect(messages({ ...base })).toEqual(["tip: is required: the file name of this week's tip in content/tips/ (only an archive issue, archived: true, may have none)"]);
    expect(messages({ ...base, archived: true })).toEqual(['title: is required when the issue has no tip: the headline readers see in lists, feeds and the email subject']);
    expect(messages({ ...base, tip: 'own-it', title: 'Five reads on queues' })).toEqual(['title: is set, but the issue has a tip, whose title is the headline: remove title (or use subject: for the email)']);
    expect(messages({ ...base, tip: 'own-it', archived: true })).toEqual([]);
  });

  it('is headed by its title and summed up by its picks; an issue with a tip by the tip', () => {
    const issue = { title: 'Five reads on queues', picks: [pick(1), pick(2), pick(3)] };
    expect(issueHeadline(issue, undefined)).toBe('Five reads on queues');
    expect(issueTeaser(issue, undefined)).toBe('3 reads with our comments: Article 1 about queues; Article 2 about queues; Article 3 about queues');
    const long = issueTeaser({ picks: Array.from({ length: 10 }, (_, i) => pick(i)) }, undefined);
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long).toMatch(/^10 reads with our comments: Article 0 about queues; .*\S…$/);
    expect(issueHeadline(issue, { title: 'Own it', takeaway: 'Say it is yours.' })).toBe('Own it');
    expect(issueTeaser(issue, { title: 'Own it', takeaway: 'Say it is yours.' })).toBe('Say it is yours.');
  });

  it('passes the cross-checks, and its default subject is checked against the title', () => {
    const facts = { id: '003', file: 'content/issues/003.md', number: 3, date: new Date('2016-11-18'), draft: false, tip: undefined, pickUrls: [] };
    expect(crossCheck({ tips: [], issues: [{ ...facts, title: 'Five reads on queues' }], authors: [], publicationTitle: 'Tip of the Week' })).toEqual([]);
    expect(crossCheck({ tips: [], issues: [{ ...facts, title: 'x'.repeat(70) }], authors: [], publicationTitle: 'Tip of the Week' })).toEqual([
      { file: 'content/issues/003.md', field: 'subject', severity: 'error', message: `is not set, and the default "Tip of the Week #3: ${'x'.repeat(70)}" is 90 characters, over 78: add a shorter subject: line` },
    ]);
  });
});

describe('sendAt', () => {
  it('is a local time of day, HH:MM on the 24-hour clock', () => {
    expect(messages({ ...base, tip: 'own-it', sendAt: '17:30' })).toEqual([]);
    expect(messages({ ...base, tip: 'own-it', sendAt: '6am' })).toEqual(['sendAt: must be a time of day written HH:MM (24-hour clock), e.g. "06:00" or "17:30"']);
    expect(messages({ ...base, tip: 'own-it', sendAt: 360 })).toEqual(['sendAt: must be a time of day in quotes, written HH:MM (24-hour clock), e.g. "06:00"']);
  });
});
