/**
 * The mail outbox: every email the server sends (confirmations, welcomes) is first a row,
 * written in the same transaction as the change that causes it, then delivered by a worker.
 * A sign-up therefore never waits for the mail server and is never lost when it is down.
 */
import type { Queryable } from '../db/database.ts';

export type OutboxKind = 'confirm' | 'welcome' | 'change';
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dropped';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'dropped'];

export interface OutboxRow {
  id: number;
  kind: OutboxKind;
  subscriberId: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A row as `npm run outbox -- list` shows it. */
export interface OutboxListRow extends OutboxRow {
  /** The subscriber's address; null when the subscriber was erased. */
  email: string | null;
}

export interface Outbox {
  /** Adds a row inside the caller's transaction, unless the same kind went to this subscriber within `cooldownMs`. Returns whether it did. */
  enqueue: (tx: Queryable, kind: OutboxKind, subscriberId: number, at: Date, cooldownMs?: number) => Promise<boolean>;
  /** Takes up to `limit` rows that are due (or whose claim expired) for this worker until `leaseUntil`. */
  claim: (workerId: string, limit: number, now: Date, leaseUntil: Date) => Promise<OutboxRow[]>;
  /**
   * Extends this worker's claim on a row just before it is sent. False when the claim was
   * lost (it expired and another worker took the row): then this worker must not send it.
   */
  renew: (id: number, workerId: string, leaseUntil: Date, at: Date) => Promise<boolean>;
  markSent: (id: number, messageId: string, at: Date) => Promise<void>;
  /** Not delivered this time; tried again at `nextAttemptAt`. */
  markRetry: (id: number, error: string, nextAttemptAt: Date, at: Date) => Promise<void>;
  /** Given up (permanent failure or too many attempts), or no longer needed (`dropped`), with the reason. */
  markFinal: (id: number, status: 'failed' | 'dropped', reason: string, at: Date) => Promise<void>;
  counts: () => Promise<Record<OutboxStatus, number>>;
  /** Rows still to deliver (queued or being sent) and the age of the oldest, for /healthz and `npm run outbox`. */
  backlog: (now: Date) => Promise<{ pending: number; oldestSeconds: number | null }>;
  /** The newest `limit` rows of a status, each with its subscriber's address. */
  list: (status: OutboxStatus, limit: number) => Promise<OutboxListRow[]>;
  /** Puts failed rows (all, or one) back in the queue; returns how many. */
  retryFailed: (now: Date, id?: number) => Promise<number>;
}
