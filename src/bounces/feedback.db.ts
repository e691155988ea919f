/**
 * Feedback events over the database module (table from migration 6), on SQLite and PostgreSQL alike: ties a
 * bounce or complaint to a subscriber, records it once, and applies the one policy (policy.ts) in the same
 * transaction, so a report read twice, or by two processes at once, changes the subscriber once.
 *
 * Anyone can mail the bounce address, so a mailed report is acted on only when it carries a VERP token signed
 * for the subscriber (always required when BOUNCE_ADDRESS is set), or, without BOUNCE_ADDRESS, when it quotes a
 * Message-ID with our random nonce (mail/message-id.ts) that we sent to that very recipient (the ledger or the
 * mail outbox). An SES notification is trusted by its verified SNS signature. An address, or a guessable
 * Message-ID, is never enough: otherwise a stranger could unsubscribe any reader.
 */
import type { Database, Queryable } from '../db/database.ts';
import { hasUnguessablePart } from '../mail/message-id.ts';
import type { PermanentBounce } from '../mail/permanent-bounce.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import type { BounceSigning } from './bounce-signing.ts';
import { feedbackEventId, oneLine, withKnownFields, type FeedbackEvent } from './feedback.ts';
import { feedbackVerdict, type FeedbackVerdict } from './policy.ts';
import { findStatus } from './severity.ts';
import { readVerpToken } from './verp.ts';

export type ApplyOutcome =
  /** Recorded; `change` is what happened to the subscriber (none when they were already in that state). */
  | { kind: 'applied'; verdict: FeedbackVerdict; subscriberId: number; issue: number | null; change: 'bounced' | 'unsubscribed' | 'none' }
  /** This event was recorded before: nothing changed. */
  | { kind: 'duplicate'; subscriberId: number }
  /** Nothing ties the event to one of our messages to that subscriber: nothing changed. */
  | { kind: 'unverified'; reason: string }
  /** Tied to a subscriber who is gone (erased): nothing to change. */
  | { kind: 'ignored'; reason: string };

/**
 * A refusal at send time that says the address is gone (verdict "bounce"): the weekly send's or the mail
 * outbox's own SMTP session or SES call saw it, so it needs no VERP token or Message-ID to be believed.
 */
/** A refusal seen during a send (the mail port's permanent-bounce report). */
export type Refusal = PermanentBounce;

export interface FeedbackRepository {
  /** Finds the subscriber, records the event once and applies its verdict, in one transaction. */
  apply: (event: FeedbackEvent, now: Date) => Promise<ApplyOutcome>;
  /** Records a refusal seen during a send as a hard bounce and applies it like one reported later. */
  applyRefusal: (refusal: Refusal, now: Date) => Promise<ApplyOutcome>;
}

export interface FeedbackOptions {
  /** The subscriber store: the one writer of subscribers and suppressions, called inside this repository's transactions. */
  store: Pick<SubscriberStore, 'applyFeedback'>;
  /** BOUNCE_ADDRESS and its VERP key; without it, only Message-IDs tie events to subscribers. */
  bounce: BounceSigning | undefined;
}

type Match = { subscriberId: number; issue: number | null } | { reason: string };

const NO_TOKEN =
  'no VERP token: with BOUNCE_ADDRESS set, a mailed report counts only when it came back to the reader\'s signed bounces+<token>@ address or quotes a Return-Path carrying it';

/** How our Message-IDs can appear in a report: bare, or in the ledger's "<…>" form. */
const messageIdForms = (id: string) => [id, `<${id}>`];

export function createFeedbackRepository(db: Database, options: FeedbackOptions): FeedbackRepository {
  async function sentTo(tx: Queryable, event: Pick<FeedbackEvent, 'messageId' | 'providerMessageId'>): Promise<{ subscriberId: number; issue: number | null; email: string } | undefined> {
    if (event.messageId !== undefined) {
      const forms = messageIdForms(event.messageId);
      const delivery = await tx.get<{ subscriber_id: number; issue: number; email: string }>('SELECT subscriber_id, issue, email FROM deliveries WHERE message_id IN (?, ?)', forms);
      if (delivery) return { subscriberId: Number(delivery.subscriber_id), issue: Number(delivery.issue), email: delivery.email };
      const notice = await tx.get<{ subscriber_id: number; email: string }>(
        'SELECT o.subscriber_id, s.email FROM mail_outbox o JOIN subscribers s ON s.id = o.subscriber_id WHERE o.message_id IN (?, ?)',
        forms,
      );
      if (notice) return { subscriberId: Number(notice.subscriber_id), issue: null, email: notice.email };
    }
    if (event.providerMessageId !== undefined) {
      // SES replaces the Message-ID; nodemailer's SES transport reports "<id@region.amazonses.com>".
      const prefix = `<${event.providerMessageId}@`;
      const length = db.engine === 'postgres' ? 'CAST(? AS INTEGER)' : '?';
      const delivery = await tx.get<{ subscriber_id: number; issue: number; email: string }>(
        `SELECT subscriber_id, issue, email FROM deliveries WHERE message_id = ? OR SUBSTR(message_id, 1, ${length}) = ?`,
        [event.providerMessageId, prefix.length, prefix],
      );
      if (delivery) return { subscriberId: Number(delivery.subscriber_id), issue: Number(delivery.issue), email: delivery.email };
      const notice = await tx.get<{ subscriber_id: number; email: string }>(
        `SELECT o.subscriber_id, s.email FROM mail_outbox o JOIN subscribers s ON s.id = o.subscriber_id WHERE o.message_id = ? OR SUBSTR(o.message_id, 1, ${length}) = ?`,
        [event.providerMessageId, prefix.length, prefix],
      );
      if (notice) return { subscriberId: Number(notice.subscriber_id), issue: null, email: notice.email };
    }
    return undefined;
  }

  /** An SES notification: its SNS signature was verified, so its message ids are AWS's word. */
  async function identifySigned(tx: Queryable, event: FeedbackEvent): Promise<Match> {
    const sent = await sentTo(tx, event);
    if (sent === undefined) return { reason: `no message we sent has the Message-ID <${event.messageId ?? event.providerMessageId}>` };
    if (event.recipient === '' || sent.email.toLowerCase() === event.recipient) return sent;
    return { reason: `Message-ID <${event.messageId ?? event.providerMessageId}> was not sent to ${event.recipient}` };
  }

  /** A mailed report with BOUNCE_ADDRESS set: only a VERP token signed for the subscriber counts. */
  async function identifyByVerp(tx: Queryable, event: FeedbackEvent, bounce: BounceSigning): Promise<Match> {
    if (event.verpToken === undefined) return { reason: NO_TOKEN };
    const verp = readVerpToken(event.verpToken, bounce.address, bounce.secret);
    if (verp === undefined) return { reason: 'its VERP token does not verify (altered, or signed for another BOUNCE_ADDRESS or SUBSCRIPTION_SECRET)' };
    const sent = await sentTo(tx, event);
    return { subscriberId: verp.subscriberId, issue: sent?.subscriberId === verp.subscriberId ? sent.issue : null };
  }

  /** A mailed report without BOUNCE_ADDRESS: only a Message-ID with our random nonce, sent to that very address. */
  async function identifyByMessageId(tx: Queryable, event: FeedbackEvent): Promise<Match> {
    const id = event.messageId;
    if (id === undefined) {
      return { reason: event.verpToken !== undefined ? 'it has a VERP token but BOUNCE_ADDRESS is not set, so it cannot be checked' : 'no VERP token and no Message-ID of ours in the report' };
    }
    if (!hasUnguessablePart(id)) return { reason: `Message-ID <${id}> has no random part, so anyone could have written it (set BOUNCE_ADDRESS: reports then need a signed VERP token)` };
    const sent = await sentTo(tx, { messageId: id });
    if (sent === undefined) return { reason: `no message we sent has the Message-ID <${id}>` };
    if (event.recipient === '') return { reason: 'the report hides the address and carries no valid VERP token' };
    if (sent.email.toLowerCase() !== event.recipient) return { reason: `Message-ID <${id}> was not sent to ${event.recipient}` };
    return sent;
  }

  /**
   * Which subscriber an event is about, or why it cannot be trusted. Anyone can mail the bounce address, so a
   * mailed report must carry something only we (or the reader's own server) could know.
   */
  function identify(tx: Queryable, event: FeedbackEvent): Promise<Match> {
    if (event.source === 'ses') return identifySigned(tx, event);
    return options.bounce !== undefined ? identifyByVerp(tx, event, options.bounce) : identifyByMessageId(tx, event);
  }

  /** Records the event once for the matched subscriber and applies its verdict through the store, in `tx`. */
  async function record(tx: Queryable, match: { subscriberId: number; issue: number | null }, event: FeedbackEvent, now: Date): Promise<ApplyOutcome> {
    const subscriber = await tx.get<{ email: string }>('SELECT email FROM subscribers WHERE id = ?', [match.subscriberId]);
    if (!subscriber) return { kind: 'ignored', reason: `subscriber ${match.subscriberId} no longer exists (erased)` };
    // Read before the insert: the policy's history must not include this event.
    const history = await tx.all<{ occurred_at: string }>(`SELECT occurred_at FROM feedback_events WHERE subscriber_id = ? AND kind = 'bounce' AND severity = 'transient'`, [match.subscriberId]);
    const verdict = feedbackVerdict(event, { transientBounces: history.map((r) => new Date(r.occurred_at)) }, now);
    const inserted = await tx.run(
      `INSERT INTO feedback_events (event_id, kind, severity, subscriber_id, issue, source, status_code, diagnostic, verdict, occurred_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
      [event.eventId, event.kind, event.severity ?? null, match.subscriberId, match.issue, event.source, event.status ?? null, event.diagnostic ?? null, verdict, event.at ?? now, now],
    );
    if (inserted.changes === 0) return { kind: 'duplicate', subscriberId: match.subscriberId };
    // The subscriber store is the one writer of subscribers and suppressions, with one set of guards.
    const storeVerdict = verdict === 'bounced' || verdict === 'soft-limit' ? 'bounced' : verdict === 'complained' ? 'complained' : undefined;
    const change = storeVerdict === undefined ? 'none' : await options.store.applyFeedback(tx, match.subscriberId, storeVerdict, now);
    return { kind: 'applied', verdict, subscriberId: match.subscriberId, issue: match.issue, change };
  }

  return {
    apply(event, now) {
      return db.transaction(async (tx): Promise<ApplyOutcome> => {
        const match = await identify(tx, event);
        if ('reason' in match) return { kind: 'unverified', reason: match.reason };
        return record(tx, match, event, now);
      });
    },

    applyRefusal(refusal, now) {
      const issue = refusal.source.via === 'send' ? refusal.source.issue : null;
      // One event per refused message: the issue's copy, or the outbox row.
      const reference = refusal.source.via === 'send' ? `issue-${refusal.source.issue}` : `outbox-${refusal.source.rowId}`;
      const status = findStatus(refusal.reply);
      const event = withKnownFields(
        { kind: 'bounce', severity: 'permanent', recipient: '', source: refusal.source.via, eventId: feedbackEventId(refusal.source.via, reference, String(refusal.subscriberId), 'bounce') },
        { status, diagnostic: oneLine(refusal.reply), at: refusal.at },
      );
      return db.transaction((tx) => record(tx, { subscriberId: refusal.subscriberId, issue }, event, now));
    },
  };
}
