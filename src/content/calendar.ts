/** The publishing calendar the check prints: what went out, what goes live next, when the next send is, what waits. Pure. */
import { isoDay } from '../lib/dates.ts';
import { TIME_OF_DAY, zonedInstant, zonedText } from '../lib/time-zone.ts';
import { isPublished } from './select.ts';
import type { RawContent } from './raw.ts';

/** When issues go out: a local time in a time zone (site.ts: sendTime, timeZone), which an issue's sendAt overrides. */
export interface SendClock {
  timeZone: string;
  sendTime: string;
}

export interface Calendar {
  lastSent: number | undefined;
  lastPublished: { number: number; date: string } | undefined;
  next: { number: number; date: string; file: string } | undefined;
  /** The issue `npm run send -- --issue due` mails next and when it may (in the past: due now). */
  nextSend: { number: number; at: Date } | undefined;
  drafts: string[];
  timeZone: string;
}

interface DatedIssue {
  file: string;
  number: number;
  date: Date;
  draft: boolean;
  archived: boolean;
  sendAt: string | undefined;
}

function datedIssues(content: RawContent): DatedIssue[] {
  return content.issues
    .map((e) => ({ file: e.file, data: (e.data ?? {}) as Record<string, unknown> }))
    .filter((i) => typeof i.data['number'] === 'number' && i.data['date'] !== undefined)
    .map((i) => ({
      file: i.file,
      number: i.data['number'] as number,
      date: new Date(String(i.data['date'] instanceof Date ? (i.data['date'] as Date).toISOString() : i.data['date'])),
      draft: i.data['draft'] === true,
      archived: i.data['archived'] === true,
      sendAt: typeof i.data['sendAt'] === 'string' && TIME_OF_DAY.test(i.data['sendAt']) ? i.data['sendAt'] : undefined,
    }))
    .filter((i) => !Number.isNaN(i.date.getTime()))
    .sort((a, b) => a.date.getTime() - b.date.getTime());
}

export function publishingCalendar(content: RawContent, now: Date, sentIssues: number[], clock: SendClock = { timeZone: 'UTC', sendTime: '06:00' }): Calendar {
  const issues = datedIssues(content);
  const dated = (i: DatedIssue) => ({ data: { date: i.date, draft: i.draft } });
  const live = issues.filter((i) => isPublished(dated(i), now));
  const upcoming = issues.find((i) => !i.draft && !isPublished(dated(i), now));
  const last = live.at(-1);
  const drafts = [...content.issues, ...content.tips].filter((e) => ((e.data ?? {}) as Record<string, unknown>)['draft'] === true).map((e) => e.file);
  // The same rule as `--issue due`: the newest live issue until it is sent, then the next one.
  const waiting = last && !last.archived && !sentIssues.includes(last.number) ? last : upcoming;
  return {
    lastSent: sentIssues.length ? Math.max(...sentIssues) : undefined,
    lastPublished: last ? { number: last.number, date: isoDay(last.date) } : undefined,
    next: upcoming ? { number: upcoming.number, date: isoDay(upcoming.date), file: upcoming.file } : undefined,
    nextSend: waiting ? { number: waiting.number, at: zonedInstant(isoDay(waiting.date), waiting.sendAt ?? clock.sendTime, clock.timeZone) } : undefined,
    drafts,
    timeZone: clock.timeZone,
  };
}

function nextSendText(c: Calendar, now: Date): string {
  if (!c.nextSend) return 'Next send: nothing waiting';
  const when = zonedText(c.nextSend.at, c.timeZone);
  if (c.nextSend.at.getTime() <= now.getTime()) return `Next send: issue #${c.nextSend.number} is due now (since ${when}): \`npm run send -- --issue due\``;
  return `Next send: issue #${c.nextSend.number} at ${when} (\`npm run send -- --issue due\` from then on)`;
}

export function calendarText(c: Calendar, now: Date): string {
  return [
    `Last sent: ${c.lastSent !== undefined ? `issue #${c.lastSent}` : 'nothing yet (or no database here)'}`,
    `Live on the site: ${c.lastPublished ? `issue #${c.lastPublished.number} (${c.lastPublished.date})` : 'no issue yet'}`,
    `Next: ${c.next ? `issue #${c.next.number} goes live on ${c.next.date} (${c.next.file})` : 'nothing scheduled: add next week\'s issue with `npm run new -- issue`'}`,
    nextSendText(c, now),
    `Drafts waiting: ${c.drafts.length ? c.drafts.join(', ') : 'none'}`,
  ].join('\n');
}
