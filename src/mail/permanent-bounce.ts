/**
 * The port a permanent refusal at send time goes through: a 5.1.x reply (or SES's "illegal
 * address") says the address does not exist. The weekly send and the signup outbox both call
 * it, and whoever wires them decides what it changes; today that is the subscriber store's
 * markBounced (`markBouncedIn`).
 */
import type { SubscriberStore } from '../subscribers/store.ts';

export interface PermanentBounce {
  subscriberId: number;
  /** The server's reply, one line, e.g. "550 5.1.1 <ana@example.org>: user unknown". */
  reply: string;
  /** Which message was refused: an issue of the weekly send, or a row of the mail outbox. */
  source: { via: 'send'; issue: number } | { via: 'outbox'; rowId: number };
  at: Date;
}

export type OnPermanentBounce = (bounce: PermanentBounce) => Promise<void>;

/** Marks the subscriber bounced in the store, so they are not mailed again. */
export const markBouncedIn =
  (store: Pick<SubscriberStore, 'markBounced'>): OnPermanentBounce =>
  (bounce) =>
    store.markBounced(bounce.subscriberId, bounce.at);
