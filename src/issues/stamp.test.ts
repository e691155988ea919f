import { describe, expect, it } from 'vitest';
import { issueStamp, stampOfPage } from './stamp.ts';

const issue = { data: { number: 4, date: new Date('2026-12-07T00:00:00Z'), picks: ['a'] }, body: 'A note.' };
const tip = { data: { title: 'Own it' }, body: 'The tip.' };

describe('issueStamp', () => {
  it('changes with the issue, its tip or its archive tip, and only with them', () => {
    const stamp = issueStamp(issue, tip, undefined);
    expect(stamp).toMatch(/^[a-f0-9]{64}$/);
    expect(issueStamp({ ...issue }, { ...tip }, undefined)).toBe(stamp);
    expect(issueStamp({ ...issue, body: 'A longer note.' }, tip, undefined)).not.toBe(stamp);
    expect(issueStamp(issue, { ...tip, body: 'The tip, edited.' }, undefined)).not.toBe(stamp);
    expect(issueStamp(issue, tip, tip)).not.toBe(stamp);
  });

  it('follows the digest of each file as written, when the loader recorded one', () => {
    const stamp = issueStamp({ ...issue, digest: 'a1' }, { ...tip, digest: 'b2' }, undefined);
    expect(issueStamp({ ...issue, body: 'Parsed differently.', digest: 'a1' }, { ...tip, digest: 'b2' }, undefined)).toBe(stamp);
    expect(issueStamp({ ...issue, digest: 'a2' }, { ...tip, digest: 'b2' }, undefined)).not.toBe(stamp);
  });
});

describe('stampOfPage', () => {
  const stamp = 'ab'.repeat(32);
  it('reads the meta element, whatever its attribute order or quotes', () => {
    expect(stampOfPage(`<head><meta charset="utf-8"><meta name="totw:issue" content="${stamp}"></head>`)).toBe(stamp);
    expect(stampOfPage(`<meta content=${stamp} name=totw:issue>`)).toBe(stamp);
  });
  it('finds nothing on a page without one (an older build, another page)', () => {
    expect(stampOfPage('<meta name="description" content="x">')).toBeUndefined();
    expect(stampOfPage('<meta name="totw:issue-list" content="x">')).toBeUndefined();
  });
});
