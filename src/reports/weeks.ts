/**
 * Readers by state, week by week, from the days on which readers changed state. Pure.
 * A reader enters "pending" on sign-up, may move to "confirmed", and may end "unsubscribed" or "bounced";
 * each change is one row (a day, the state left, the state entered, how many readers).
 */
import type { SubscriberWeek } from './publication.ts';

export type ReaderState = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced';

export interface StateChange {
  /** The UTC day of the change, YYYY-MM-DD. */
  day: string;
  /** The state left; null for a sign-up. */
  from: ReaderState | null;
  to: ReaderState;
  count: number;
}

/** Readers counted by their status and the UTC days (YYYY-MM-DD) they signed up, confirmed and left. */
export interface ReaderDays {
  status: ReaderState;
  signup: string;
  confirmed: string | null;
  /** The day of the unsubscribe or bounce (for those statuses). */
  left: string | null;
  count: number;
}

/** The state changes behind readers' days: today's status is the truth, the days say when it came about. */
export function stateChanges(groups: readonly ReaderDays[]): StateChange[] {
  return groups.flatMap(({ status, signup, confirmed, left, count }) => {
    const changes: StateChange[] = [{ day: signup, from: null, to: 'pending', count }];
    const end = status === 'unsubscribed' || status === 'bounced' ? (left ?? signup) : null;
    // A confirmed reader without a confirmation day (older imports) counts as confirmed from sign-up.
    const confirmedOn = status === 'confirmed' ? (confirmed ?? signup) : status !== 'pending' && confirmed !== null && end !== null && confirmed <= end ? confirmed : null;
    if (confirmedOn) changes.push({ day: confirmedOn, from: 'pending', to: 'confirmed', count });
    if (end) changes.push({ day: end, from: confirmedOn ? 'confirmed' : 'pending', to: status, count });
    return changes;
  });
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the week that holds `at`. */
export function weekStart(at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS);
}

/** One row per week from the first change's week to the week of `now`, with the states at each week's end. */
export function subscriberWeeks(changes: readonly StateChange[], now: Date): SubscriberWeek[] {
  if (changes.length === 0) return [];
  const byWeek = new Map<number, StateChange[]>();
  for (const change of changes) {
    const week = weekStart(new Date(`${change.day}T00:00:00Z`)).getTime();
    const list = byWeek.get(week);
    if (list) list.push(change);
    else byWeek.set(week, [change]);
  }
  const first = Math.min(...byWeek.keys());
  const last = Math.max(weekStart(now).getTime(), ...byWeek.keys());
  const totals: Record<ReaderState, number> = { pending: 0, confirmed: 0, unsubscribed: 0, bounced: 0 };
  const weeks: SubscriberWeek[] = [];
  for (let week = first; week <= last; week += WEEK_MS) {
    for (const { from, to, count } of byWeek.get(week) ?? []) {
      if (from) totals[from] -= count;
      totals[to] += count;
    }
    weeks.push({ week: new Date(week), ...totals });
  }
  return weeks;
}
