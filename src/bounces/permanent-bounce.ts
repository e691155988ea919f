/**
 * What a refusal during a send does, for the weekly sender's and the mail outbox worker's
 * `onPermanentBounce` port: a reply that says the address is gone (mail/status-codes.ts) is recorded as a
 * feedback event and goes through the one policy, exactly like a bounce that comes back by mail days later.
 * Whichever comes first marks the reader; the other is recorded as its own event and changes nothing more.
 */
import type { FeedbackRepository, Refusal } from './feedback.db.ts';
import { outcomeText } from './outcome-text.ts';

/** The port's implementation over the feedback repository; `log` gets one line per refusal. */
export function recordPermanentBounce(feedback: Pick<FeedbackRepository, 'applyRefusal'>, log?: (line: string) => void): (refusal: Refusal) => Promise<void> {
  return async (refusal) => {
    const outcome = await feedback.applyRefusal(refusal, refusal.at);
    log?.(`[feedback] ${refusal.source.via === 'send' ? `issue #${refusal.source.issue}` : `outbox row ${refusal.source.rowId}`}: ${outcomeText({ kind: 'bounce', severity: 'permanent' }, outcome)}`);
  };
}
