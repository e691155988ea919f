/** Date helpers. All calendar dates in content are UTC midnights; we compare and print them in UTC. */

/** ISO 8601 week of a date, as "2026-W48": two issues in one week share the key. */
export function isoWeekKey(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** "2026-11-23" */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** One formatter per language: creating an Intl.DateTimeFormat costs far more than formatting (every card on every list page prints a date). */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "23 November 2026" (or the locale's equivalent), always in UTC so a build anywhere prints the same day. */
export function displayDate(date: Date, lang: string): string {
  let format = dayFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dayFormats.set(lang, format);
  }
  return format.format(date);
}
