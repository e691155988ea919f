import { describe, expect, it } from 'vitest';
import type { EmailEntry } from './contract/manifest.ts';
import { isLive, resolveIssue } from './issue-choice.ts';

const entry = (number: number, date: string, status: EmailEntry['status']): EmailEntry => ({
  number, date, status, source: `content/issues/${number}.mdx`, subject: `#${number}`, preheader: '', html: `issue-${number}.html`, text: `issue-${number}.txt`,
  webUrl: `https://t.example/issues/${number}/`, sendAt: `${date}T06:00:00.000Z`, stamp: 'a'.repeat(64), pickUrls: [], placeholders: [], htmlBytes: 1,
});
const now = new Date('2026-11-23T09:00:00Z');
const entries = [entry(9, '2026-11-30', 'scheduled'), entry(8, '2026-11-23', 'published'), entry(7, '2026-11-16', 'published'), entry(10, '2026-11-02', 'draft')];

describe('resolveIssue', () => {
  it('"latest" is the newest live issue, for the sender and the preview alike', () => {
    expect(resolveIssue('latest', entries, now)).toEqual({ kind: 'issue', entry: entries[1] });
  });
  it('a scheduled issue becomes live on its day, judged by the clock passed in, not the build', () => {
    expect(isLive(entries[0]!, now)).toBe(false);
    expect(resolveIssue('latest', entries, new Date('2026-11-30T00:00:00Z'))).toMatchObject({ entry: { number: 9 } });
  });
  it('"due" is the newest live issue unless it was sent', () => {
    expect(resolveIssue('due', entries, now)).toMatchObject({ entry: { number: 8 } });
    expect(resolveIssue('due', entries, now, new Set([8]))).toEqual({ kind: 'nothing-due', message: 'Nothing is due: issue #8, the newest published issue, has been sent.' });
    expect(resolveIssue('due', [], now)).toEqual({ kind: 'nothing-due', message: 'Nothing is due: no issue is published yet.' });
  });
  it('"due" waits for the newest issue\'s send time: nothing is sent before it', () => {
    const early = new Date('2026-11-23T05:59:00Z');
    expect(resolveIssue('due', entries, early)).toEqual({ kind: 'nothing-due', message: 'Nothing is due yet: issue #8 goes out at Mon, 23 Nov 2026, 06:00 UTC (its sendAt).' });
    expect(resolveIssue('due', entries, early, new Set(), 'Europe/Berlin')).toMatchObject({ message: 'Nothing is due yet: issue #8 goes out at Mon, 23 Nov 2026, 07:00 Europe/Berlin (its sendAt).' });
    expect(resolveIssue('due', entries, new Date('2026-11-23T06:00:00Z'))).toMatchObject({ entry: { number: 8 } });
    expect(resolveIssue('latest', entries, early)).toMatchObject({ entry: { number: 8 } });
  });
  it('"due" never mails an archive issue again: the old platform sent it (after npm run import)', () => {
    const moved = [{ ...entry(8, '2026-11-23', 'published'), archived: true as const }, entry(7, '2026-11-16', 'published')];
    expect(resolveIssue('due', moved, now)).toEqual({
      kind: 'nothing-due',
      message: 'Nothing is due: issue #8, the newest published issue, was moved in from the archive (archived: true) and was mailed from the old platform.',
    });
    expect(resolveIssue('8', moved, now)).toMatchObject({ kind: 'issue', entry: { number: 8 } });
  });
  it('a number finds that issue, drafts included; an unknown one is a usage error', () => {
    expect(resolveIssue('#10', entries, now)).toMatchObject({ entry: { number: 10 } });
    expect(() => resolveIssue('11', entries, now)).toThrow('There is no issue 11 in the build (built: 9, 8, 7, 10). Use an issue number, "latest" or "due".');
    expect(() => resolveIssue('latest', [entries[3]!], now)).toThrow('No issue is published yet');
  });
});
