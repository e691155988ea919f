/**
 * What one feedback event means for its subscriber. Pure: the store supplies the history and the clock.
 */
import type { FeedbackEvent } from './feedback.ts';

/** Transient bounces within {@link SOFT_BOUNCE_WINDOW_DAYS} that stop mailing an address. */
export const SOFT_BOUNCE_LIMIT = 3;
/** The window over which transient bounces are counted. */
export const SOFT_BOUNCE_WINDOW_DAYS = 30;
export const SOFT_BOUNCE_WINDOW_MS = SOFT_BOUNCE_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export type FeedbackVerdict = 'bounced' | 'complained' | 'soft-counted' | 'soft-limit' | 'ignore';

/**
 * - permanent bounce → 'bounced' (stop mailing)
 * - complaint → 'complained' (unsubscribe and suppress)
 * - transient bounce → 'soft-limit' when it is the {@link SOFT_BOUNCE_LIMIT}th within the window, else
 *   'soft-counted' (record it)
 * - delivery → 'ignore'
 *
 * `history.transientBounces` holds the subscriber's earlier transient bounces, not this one. The window ends
 * at the event's own time (or now, for events without a time, or dated in the future), so a mailbox of old
 * reports processed today is judged by when the bounces happened.
 */
export function feedbackVerdict(
  event: Pick<FeedbackEvent, 'kind' | 'severity' | 'at'>,
  history: { transientBounces: Date[] },
  now: Date,
): FeedbackVerdict {
  if (event.kind === 'complaint') return 'complained';
  if (event.kind !== 'bounce') return 'ignore';
  if (event.severity !== 'transient') return 'bounced';
  const end = Math.min(event.at?.getTime() ?? now.getTime(), now.getTime());
  const start = end - SOFT_BOUNCE_WINDOW_MS;
  const earlier = history.transientBounces.filter((d) => d.getTime() > start && d.getTime() <= end).length;
  return earlier + 1 >= SOFT_BOUNCE_LIMIT ? 'soft-limit' : 'soft-counted';
}
