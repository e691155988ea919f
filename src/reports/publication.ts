/** The whole publication as `npm run report -- --html` draws it. Pure data. */
import type { OutboxStatus } from '../outbox/outbox.ts';
import type { PickClicks } from './sources.ts';
import type { IssueFeedbackReport, SendState } from './model.ts';

/** Readers by state at the end of one week (Monday 00:00 UTC of the next). */
export interface SubscriberWeek {
  /** The week's first day, Monday, UTC. */
  week: Date;
  pending: number;
  /** Confirmed, paused ones included. */
  confirmed: number;
  unsubscribed: number;
  bounced: number;
}

export interface PublicationReport {
  /** When the report was made. */
  at: Date;
  /** Where the data came from, without credentials. */
  database: string;
  /** Weekly, from the first sign-up's week to this week. */
  subscribers: SubscriberWeek[];
  /** Confirmed readers on a pause now; undefined when pauses are not known to the report. */
  pausedNow?: number | undefined;
  /** Every sent issue, by issue number. */
  issues: IssueFeedbackReport[];
  /** Pick clicks per issue (same order as `issues`); undefined when click counting is off. */
  clicks?: (PickClicks | undefined)[];
  /** The mail outbox (confirmations, welcomes) by status, and the oldest waiting row's age. */
  outbox: { counts: Record<OutboxStatus, number>; pending: number; oldestSeconds: number | null };
  /** The last send's state; undefined when nothing was sent. */
  lastSend?: SendState | undefined;
}
