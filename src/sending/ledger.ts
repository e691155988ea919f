/**
 * The deliveries ledger: what was sent to whom, so nothing is sent twice and nothing is lost,
 * even with several senders working on one send. A sender claims queued rows in batches
 * under a lease (claimed_by, lease_until) and renews it while it works; when a sender dies
 * its claims expire and another takes them over. A row is marked "sending" by its claimant
 * just before the SMTP transaction, so what a dead sender had in flight is known: uncertain.
 */

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'skipped' | 'uncertain';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'bounced', 'skipped', 'uncertain'];

export interface Delivery {
  issue: number;
  subscriberId: number;
  email: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponse: string | null;
}

/** A message the SMTP server accepted. */
export interface AcceptedMessage {
  subscriberId: number;
  messageId: string;
  /** The server's reply, e.g. "250 2.0.0 Ok: queued as …". */
  response: string;
}

/** Another sender's live claims on an issue: work that is spoken for until `leaseUntil`. */
export interface ActiveSender {
  senderId: string;
  /** Its latest lease end, ISO 8601. */
  leaseUntil: string;
  queued: number;
  sending: number;
}

export interface Ledger {
  /** Adds a queued row for every confirmed subscriber who has none for this issue; returns how many. */
  plan: (issue: number, at: Date) => Promise<number>;
  /**
   * Rows left "sending" by a sender whose lease expired (it died mid-message): marks them
   * uncertain, or queues them again when asked. Another live sender's in-flight rows are untouched.
   */
  recoverInFlight: (issue: number, retryUncertain: boolean, at: Date) => Promise<{ inFlight: number; requeued: number }>;
  /**
   * Claims up to `limit` queued rows that nobody holds (no lease, or one that ended before
   * `at`) for `senderId` until `leaseUntil`, in subscriber order. Concurrent callers never get
   * the same row (FOR UPDATE SKIP LOCKED on PostgreSQL; one writer at a time on SQLite).
   */
  claimBatch: (issue: number, senderId: string, limit: number, leaseUntil: Date, at: Date) => Promise<Delivery[]>;
  /**
   * Extends every queued or sending row `senderId` holds under a lease; returns how many. A row
   * whose lease was expired (expireClaims) stays expired, to be recovered as uncertain.
   */
  renewLease: (issue: number, senderId: string, leaseUntil: Date) => Promise<number>;
  /** Gives back the queued rows `senderId` holds (it is stopping), so others take them at once. */
  releaseClaims: (issue: number, senderId: string, at: Date) => Promise<number>;
  /** Removes `senderId`'s lease at once (it is known to be dead: its process is gone); its queued rows become free. */
  expireClaims: (issue: number, senderId: string, at: Date) => Promise<number>;
  /** Senders other than `senderId` holding queued or sending rows under a lease that has not ended at `at`. */
  activeSenders: (issue: number, senderId: string, at: Date) => Promise<ActiveSender[]>;
  /**
   * Marks a row claimed by `senderId` as being sent (before the SMTP transaction) and returns
   * its attempt number; undefined when the claim was lost (lease expired and taken over) or the
   * subscriber is no longer confirmed (unsubscribed since the batch was claimed).
   */
  markSending: (issue: number, subscriberId: number, senderId: string, at: Date) => Promise<number | undefined>;
  /**
   * markSending for several rows in one transaction (one commit), recording `accepted`
   * messages as sent in the same commit: each marked row's attempt number, by subscriber id; a
   * row whose claim was lost or whose subscriber left is not in the map.
   */
  markSendingMany: (issue: number, subscriberIds: readonly number[], senderId: string, at: Date, accepted?: readonly AcceptedMessage[]) => Promise<Map<number, number>>;
  /**
   * Records messages the server accepted, several at once in one transaction (one commit for
   * many messages). Until then their rows stay "sending": a crash in between leaves them
   * uncertain, never re-sent.
   */
  markSent: (issue: number, accepted: readonly AcceptedMessage[], at: Date) => Promise<void>;
  /** Back to the queue, still claimed by its sender: not accepted, may be retried. */
  markQueued: (issue: number, subscriberId: number, response: string, at: Date) => Promise<void>;
  /** A final outcome for a row still queued or sending (never overwrites one another sender finished). */
  markFinal: (issue: number, subscriberId: number, status: 'failed' | 'bounced' | 'skipped' | 'uncertain', response: string, at: Date) => Promise<void>;
  counts: (issue: number) => Promise<Record<DeliveryStatus, number>>;
  startRun: (issue: number, at: Date) => Promise<void>;
  /** Records the end of a run: "complete" only when no queued or sending row remains, else "stopped". */
  finishRun: (issue: number, at: Date) => Promise<'complete' | 'stopped'>;
  /** Whether a run of this issue completed (nothing left queued). */
  isComplete: (issue: number) => Promise<boolean>;
  /** Issues whose send completed, for the publishing calendar. */
  completedIssues: () => Promise<number[]>;
}
