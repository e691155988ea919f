import { describe, expect, it } from 'vitest';
import { calendarText, publishingCalendar } from './calendar.ts';
import type { RawContent } from './raw.ts';

const issue = (number: number, date: string, extra: Record<string, unknown> = {}) => ({ file: `content/issues/00${number}.md`, id: `00${number}`, data: { number, date, ...extra } });
const content = (...issues: RawContent['issues']): RawContent => ({ tips: [], issues, authors: [] });
const clock = { timeZone: 'Europe/Berlin', sendTime: '06:00' };

describe('the calendar\'s next send', () => {
  const now = new Date('2026-12-05T10:00:00Z');

  it('is the next issue at the site\'s send time once the live one is sent', () => {
    const c = publishingCalendar(content(issue(8, '2026-11-30'), issue(9, '2026-12-07')), now, [8], clock);
    expect(calendarText(c, now)).toContain('Next: issue #9 goes live on 2026-12-07 (content/issues/009.md)\nNext send: issue #9 at Mon, 7 Dec 2026, 06:00 Europe/Berlin (`npm run send -- --issue due` from then on)');
  });

  it('follows an issue\'s own sendAt', () => {
    const c = publishingCalendar(content(issue(8, '2026-11-30'), issue(9, '2026-12-07', { sendAt: '17:30' })), now, [8], clock);
    expect(c.nextSend).toEqual({ number: 9, at: new Date('2026-12-07T16:30:00Z') });
  });

  it('is the live issue while it is not sent: due now', () => {
    const c = publishingCalendar(content(issue(8, '2026-11-30'), issue(9, '2026-12-07')), now, [], clock);
    expect(calendarText(c, now)).toContain('Next send: issue #8 is due now (since Mon, 30 Nov 2026, 06:00 Europe/Berlin): `npm run send -- --issue due`');
  });

  it('skips an archive issue and says when nothing waits', () => {
    const c = publishingCalendar(content(issue(8, '2026-11-30', { archived: true })), now, [], clock);
    expect(calendarText(c, now)).toContain('Next send: nothing waiting');
  });
});
