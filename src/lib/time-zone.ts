/**
 * Local times in a named IANA time zone ("Europe/Berlin"), with nothing but Intl: when 06:00 on
 * a day in the publication's zone happens, and how an instant reads there. Pure.
 */

/** A time of day as editors write it: 24-hour HH:MM. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `name` is a time zone this runtime knows (IANA names such as America/New_York, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `instant` in `timeZone`, as if it were UTC (milliseconds). */
function wallClock(instant: number, timeZone: string): number {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallClocks.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  return Date.UTC(part['year']!, part['month']! - 1, part['day']!, part['hour']!, part['minute']!, part['second']!);
}

/**
 * The instant at which the clocks in `timeZone` read `time` (HH:MM) on `day` (YYYY-MM-DD). A time
 * skipped by a spring-forward change is read with the offset from before it (02:30 becomes 03:30);
 * a time that happens twice in autumn is its first occurrence.
 */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wanted = Date.parse(`${day}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
  const offset = (instant: number) => wallClock(instant, timeZone) - instant;
  // Clocks change at most once a day: the offsets a day either side are the only candidates.
  const before = wanted - offset(wanted - 86_400_000);
  const after = wanted - offset(wanted + 86_400_000);
  const real = [before, after].filter((t) => wallClock(t, timeZone) === wanted);
  return new Date(real.length ? Math.min(...real) : before);
}

/** "Mon, 7 Dec 2026, 06:00 Europe/Berlin": an instant as people in `timeZone` read it. */
export function zonedText(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${text} ${timeZone}`;
}
