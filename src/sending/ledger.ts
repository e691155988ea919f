/** The deliveries ledger: what was sent to whom, so nothing is sent twice and nothing is lost. */

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

export interface Ledger {
  /** Adds a queued row for every confirmed subscriber who has none for this issue; returns how many. */
  plan: (issue: number, at: Date) => Promise<number>;
  /** Rows left "sending" by a run that died: marks them uncertain, or queues them again when asked. */
  recoverInFlight: (issue: number, retryUncertain: boolean, at: Date) => Promise<{ inFlight: number; requeued: number }>;
  /** Queued rows after `afterSubscriberId`, in subscriber order. */
  nextQueued: (issue: number, afterSubscriberId: number, limit: number) => Promise<Delivery[]>;
  /** Marks a row as being sent (before the SMTP transaction) and returns its attempt number. */
  markSending: (issue: number, subscriberId: number, at: Date) => Promise<number>;
  markSent: (issue: number, subscriberId: number, messageId: string, response: string, at: Date) => Promise<void>;
  /** Back to the queue: not accepted, may be retried. */
  markQueued: (issue: number, subscriberId: number, response: string, at: Date) => Promise<void>;
  markFinal: (issue: number, subscriberId: number, status: 'failed' | 'bounced' | 'skipped', response: string, at: Date) => Promise<void>;
  counts: (issue: number) => Promise<Record<DeliveryStatus, number>>;
  startRun: (issue: number, at: Date) => Promise<void>;
  finishRun: (issue: number, status: 'complete' | 'stopped', at: Date) => Promise<void>;
  /** Whether a run of this issue completed (nothing left queued). */
  isComplete: (issue: number) => Promise<boolean>;
  /** Issues whose send completed, for the publishing calendar. */
  completedIssues: () => Promise<number[]>;
}
