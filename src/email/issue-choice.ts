/**
 * Which built issue a command means by "7", "latest" or "due", with one rule for what is
 * live: the same `isPublished` the site uses. Pure: the clock and the sent issues are passed in.
 */
import { UsageError, CliError } from '../cli/errors.ts';
import { isPublished } from '../content/select.ts';
import { zonedText } from '../lib/time-zone.ts';
import type { EmailEntry } from './contract/manifest.ts';

/** Whether a built issue is live at `now` (not a draft, dated on or before it). */
export function isLive(entry: Pick<EmailEntry, 'date' | 'status'>, now: Date): boolean {
  return isPublished({ data: { date: new Date(`${entry.date}T00:00:00Z`), draft: entry.status === 'draft' } }, now);
}

export type IssueChoice = { kind: 'issue'; entry: EmailEntry } | { kind: 'nothing-due'; message: string };

/**
 * "latest": the newest live issue. "due": the newest live issue once its send time (sendAt) has
 * passed, unless it was sent (or nothing; an archive issue counts as sent: the old platform
 * mailed it). A number: that issue, live or not (the caller decides whether to allow an
 * unpublished one). `timeZone` is where the messages print send times.
 */
export function resolveIssue(wanted: string, entries: readonly EmailEntry[], now: Date, sent: ReadonlySet<number> = new Set(), timeZone = 'UTC'): IssueChoice {
  const live = entries.filter((e) => isLive(e, now)).sort((a, b) => b.date.localeCompare(a.date) || b.number - a.number);
  if (wanted === 'latest' || wanted === 'due') {
    const newest = live[0];
    if (wanted === 'due') {
      if (!newest) return { kind: 'nothing-due', message: 'Nothing is due: no issue is published yet.' };
      if (Date.parse(newest.sendAt) > now.getTime()) return { kind: 'nothing-due', message: `Nothing is due yet: issue #${newest.number} goes out at ${zonedText(new Date(newest.sendAt), timeZone)} (its sendAt).` };
      if (sent.has(newest.number)) return { kind: 'nothing-due', message: `Nothing is due: issue #${newest.number}, the newest published issue, has been sent.` };
      if (newest.archived) return { kind: 'nothing-due', message: `Nothing is due: issue #${newest.number}, the newest published issue, was moved in from the archive (archived: true) and was mailed from the old platform.` };
    }
    if (!newest) throw new CliError('No issue is published yet: nothing counts as "latest". Use an issue number (and --force to send an unpublished one).');
    return { kind: 'issue', entry: newest };
  }
  const entry = entries.find((e) => String(e.number) === wanted.replace(/^#/, ''));
  if (!entry) throw new UsageError(`There is no issue ${wanted} in the build (built: ${entries.map((e) => e.number).join(', ') || 'none'}). Use an issue number, "latest" or "due".`);
  return { kind: 'issue', entry };
}
