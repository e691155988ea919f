/**
 * What to do with a message after a failed send: one pure decision from the transport's
 * verdict and the attempt number, and one backoff, for the weekly send and the signup outbox
 * alike (each then writes the outcome to its own table).
 *
 * The two kinds of mail differ in one respect, named by `kind`:
 *  - 'bulk' (the weekly issue): a duplicate is worse than a miss. A message the server may
 *    have taken is recorded uncertain and never re-sent on its own; refused credentials or a
 *    paused account stop the whole run, since every further message would fail the same way.
 *  - 'transactional' (confirmations, welcomes): a lost message is worse than a duplicate. A
 *    temporary failure, an uncertain one, or one the operator has to fix (credentials, an
 *    unreachable server) waits and is tried again, until the attempts run out.
 */
import type { Verdict } from './transport.ts';

export interface Backoff {
  /** Delay before the first retry; each further one waits four times longer. */
  baseMs: number;
  /** The longest delay. */
  maxMs: number;
}

export interface RetryPolicy {
  kind: 'bulk' | 'transactional';
  /** Tries per message (bulk: per run) before a temporary failure is given up. */
  maxAttempts: number;
  backoff: Backoff;
}

export type Step =
  /** Not delivered this time: try the message again after `afterMs`. */
  | { action: 'retry'; afterMs: number }
  /** Temporary failures used up the attempts: bulk leaves the message queued for the next run, transactional records it failed. */
  | { action: 'give-up' }
  /** A final outcome for this message; 'bounced' also tells the subscriber's owner that the address does not exist. */
  | { action: 'record'; outcome: 'bounced' | 'failed' | 'uncertain' }
  /** Bulk only: nothing more can go out (credentials refused, account paused); stop, and queue this message again. */
  | { action: 'halt' };

/** Delay before retrying after try number `attempt` (1-based): base, 4 × base, 16 × base… capped at `maxMs`. */
export function backoffMs(attempt: number, { baseMs, maxMs }: Backoff): number {
  return Math.min(maxMs, baseMs * 4 ** Math.max(0, attempt - 1));
}

/** What to do after try number `attempt` (1-based) of a message failed with `verdict`. Pure. */
export function nextStep(verdict: Verdict, attempt: number, policy: RetryPolicy): Step {
  const bulk = policy.kind === 'bulk';
  if (verdict === 'bounce') return { action: 'record', outcome: 'bounced' };
  if (verdict === 'fail' || verdict === 'policy') return { action: 'record', outcome: 'failed' };
  if (verdict === 'uncertain' && bulk) return { action: 'record', outcome: 'uncertain' };
  if (verdict === 'stop' && bulk) return { action: 'halt' };
  // retry and unreachable always; uncertain and stop for transactional mail.
  return attempt < policy.maxAttempts ? { action: 'retry', afterMs: backoffMs(attempt, policy.backoff) } : { action: 'give-up' };
}
