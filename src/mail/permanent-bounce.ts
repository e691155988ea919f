/**
 * The port a permanent refusal at send time goes through: a 5.1.x reply (or SES's "illegal
 * address") says the address does not exist. The weekly send and the signup outbox both call
 * it; the server and the send command wire it to the feedback policy
 * (bounces/permanent-bounce.ts), so a refusal counts exactly like a bounce reported by mail later.
 */

export interface PermanentBounce {
  subscriberId: number;
  /** The server's reply, one line, e.g. "550 5.1.1 <ana@example.org>: user unknown". */
  reply: string;
  /** Which message was refused: an issue of the weekly send, or a row of the mail outbox. */
  source: { via: 'send'; issue: number } | { via: 'outbox'; rowId: number };
  at: Date;
}

export type OnPermanentBounce = (bounce: PermanentBounce) => Promise<void>;

