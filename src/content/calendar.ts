/** The publishing calendar the check prints: what went out, what goes live next, what waits. Pure. */
import { isoDay } from '../lib/dates.ts';
import { isPublished } from './select.ts';
import type { RawContent } from './raw.ts';

export interface Calendar {
  lastSent: number | undefined;
  lastPublished: { number: number; date: string } | undefined;
  next: { number: number; date: string; file: string } | undefined;
  drafts: string[];
}

export function publishingCalendar(content: RawContent, now: Date, sentIssues: number[]): Calendar {
  const issues = content.issues
    .map((e) => ({ file: e.file, data: (e.data ?? {}) as Record<string, unknown> }))
    .filter((i) => typeof i.data['number'] === 'number' && i.data['date'] !== undefined)
    .map((i) => ({ file: i.file, number: i.data['number'] as number, date: new Date(String(i.data['date'] instanceof Date ? (i.data['date'] as Date).toISOString() : i.data['date'])), draft: i.data['draft'] === true }))
    .filter((i) => !Number.isNaN(i.date.getTime()))
    .sort((a, b) => a.date.getTime() - b.date.getTime());
  const dated = (i: (typeof issues)[number]) => ({ data: { date: i.date, draft: i.draft } });
  const live = issues.filter((i) => isPublished(dated(i), now));
  const upcoming = issues.find((i) => !i.draft && !isPublished(dated(i), now));
  const last = live.at(-1);
  const drafts = [...content.issues, ...content.tips].filter((e) => ((e.data ?? {}) as Record<string, unknown>)['draft'] === true).map((e) => e.file);
  return {
    lastSent: sentIssues.length ? Math.max(...sentIssues) : undefined,
    lastPublished: last ? { number: last.number, date: isoDay(last.date) } : undefined,
    next: upcoming ? { number: upcoming.number, date: isoDay(upcoming.date), file: upcoming.file } : undefined,
    drafts,
  };
}

export function calendarText(c: Calendar): string {
  return [
    `Last sent: ${c.lastSent !== undefined ? `issue #${c.lastSent}` : 'nothing yet (or no database here)'}`,
    `Live on the site: ${c.lastPublished ? `issue #${c.lastPublished.number} (${c.lastPublished.date})` : 'no issue yet'}`,
    `Next: ${c.next ? `issue #${c.next.number} goes live and is due to send on ${c.next.date} (${c.next.file})` : 'nothing scheduled: add next week\'s issue with `npm run new -- issue`'}`,
    `Drafts waiting: ${c.drafts.length ? c.drafts.join(', ') : 'none'}`,
  ].join('\n');
}
