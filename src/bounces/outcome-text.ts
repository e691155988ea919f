/**
 * One line per feedback event, for `npm run bounces` and the webhook's log: what the report was and what it did.
 * Pure. Text from a report is untrusted, so it is made printable before it reaches a terminal.
 */
import { printable } from '../lib/printable.ts';
import type { ApplyOutcome } from './feedback.db.ts';
import type { FeedbackEvent } from './feedback.ts';

export type OutcomeKind = ApplyOutcome['kind'];

/** "hard bounce", "soft bounce", "complaint", "delivery". */
export function eventLabel(event: Pick<FeedbackEvent, 'kind' | 'severity'>): string {
  if (event.kind === 'bounce') return event.severity === 'transient' ? 'soft bounce' : 'hard bounce';
  return event.kind;
}

const VERDICT_TEXT = {
  bounced: 'no more mail to this address',
  'soft-limit': 'third soft bounce in 30 days: no more mail to this address',
  'soft-counted': 'counted (3 within 30 days stop the mail)',
  complained: 'unsubscribed and suppressed',
  ignore: 'recorded',
} as const;

export function outcomeText(event: Pick<FeedbackEvent, 'kind' | 'severity'>, outcome: ApplyOutcome): string {
  const what = eventLabel(event);
  switch (outcome.kind) {
    case 'applied': {
      const whose = `subscriber ${outcome.subscriberId}${outcome.issue === null ? '' : `, issue #${outcome.issue}`}`;
      const effect = outcome.change === 'none' && (outcome.verdict === 'bounced' || outcome.verdict === 'soft-limit' || outcome.verdict === 'complained') ? `${VERDICT_TEXT[outcome.verdict]} (already so)` : VERDICT_TEXT[outcome.verdict];
      return `applied: ${what} for ${whose}: ${effect}`;
    }
    case 'duplicate':
      return `duplicate: this ${what} was recorded before; nothing changed`;
    case 'unverified':
      return `unverified: ${what} not tied to one of our messages (${printable(outcome.reason)}); nothing changed`;
    case 'ignored':
      return `ignored: ${printable(outcome.reason)}`;
  }
}
