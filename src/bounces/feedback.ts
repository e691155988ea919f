import { createHash } from 'node:crypto';
import { printable } from '../lib/printable.ts';

/**
 * The one record every feedback source (DSN, ARF, heuristic text bounce, SES notification) produces, so the
 * store applies one policy whatever the report looked like.
 */
export interface FeedbackEvent {
  kind: 'bounce' | 'complaint' | 'delivery';
  /** for bounces: permanent (hard) or transient (soft) */
  severity?: 'permanent' | 'transient';
  /**
   * the address the report is about, lowercased; empty only for a complaint whose receiver redacted the
   * address, when verpToken still names the subscriber
   */
  recipient: string;
  /** Message-ID of our original message (without <>), when the report carries it */
  messageId?: string;
  /** the provider's own id for the message (SES `mail.messageId`), when the report comes from a provider */
  providerMessageId?: string;
  /** the VERP token found in the bounce's envelope recipient / To, when present (not verified here) */
  verpToken?: string;
  /** enhanced status code, e.g. "5.1.1", when known */
  status?: string;
  /** the remote server's diagnostic text, one line, trimmed to 500 chars */
  diagnostic?: string;
  /** when the report says it happened */
  at?: Date;
  /** where the report came from: mail (dsn, arf, heuristic), SES, or our own send or outbox delivery refused at once */
  source: 'dsn' | 'arf' | 'heuristic' | 'ses' | 'send' | 'outbox';
  /** stable id for idempotency: the same report parsed twice gives the same id */
  eventId: string;
}

/** Longest diagnostic kept: enough for any SMTP reply line, short enough for a database column. */
type OptionalFields = Pick<FeedbackEvent, 'messageId' | 'verpToken' | 'status' | 'diagnostic' | 'at'>;

/** The event with those optional fields that have a value (an absent field stays absent, not undefined). */
export function withKnownFields(event: FeedbackEvent, fields: { [K in keyof OptionalFields]?: OptionalFields[K] | undefined }): FeedbackEvent {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (event as unknown as Record<string, unknown>)[key] = value;
  return event;
}

export const DIAGNOSTIC_MAX_LENGTH = 500;

/**
 * Idempotency key: sha256 over the report's own identity (its Message-ID or feedback id), the recipient and
 * the kind, so a report read again from the same mailbox (or redelivered by SNS) maps to the same event.
 */
export function feedbackEventId(
  source: FeedbackEvent['source'],
  reportId: string,
  recipient: string,
  kind: FeedbackEvent['kind'],
): string {
  return createHash('sha256').update([source, reportId, recipient, kind].join('\0')).digest('hex');
}

/**
 * One line, whitespace collapsed, control and invisible characters escaped (a remote server's reply is
 * untrusted: a NUL, a terminal escape), cut to {@link DIAGNOSTIC_MAX_LENGTH}; undefined when nothing is left.
 */
export function oneLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = printable(text.replace(/\s+/g, ' ').trim());
  if (line === '') return undefined;
  return line.length > DIAGNOSTIC_MAX_LENGTH ? line.slice(0, DIAGNOSTIC_MAX_LENGTH) : line;
}

/** Message-ID without angle brackets or surrounding space; undefined when empty. */
export function bareMessageId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /<([^<>\s]+)>/.exec(value);
  const id = (match?.[1] ?? value).trim();
  return id === '' ? undefined : id;
}

/** RFC 5321: a path is at most 256 octets, so an address at most 254. */
export const ADDRESS_MAX_LENGTH = 254;
const ADDRESS_SCAN_LIMIT = 1000;

/**
 * The bare address from "Name <addr>", "rfc822; addr" or "addr", lowercased; undefined when there is no
 * plausible address (no "@").
 */
export function bareAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Bounded input keeps the unanchored patterns below linear on hostile, megabyte-long header values.
  let text = value.slice(0, ADDRESS_SCAN_LIMIT).trim();
  const typed = /^[a-z0-9-]+\s*;\s*(.*)$/i.exec(text);
  if (typed?.[1] !== undefined) text = typed[1];
  const angled = /<([^<>\s]+@[^<>\s]+)>/.exec(text);
  const candidate = angled?.[1] ?? /[^\s<>"';,()]+@[^\s<>"';,()]+/.exec(text)?.[0];
  if (candidate === undefined || candidate.length > ADDRESS_MAX_LENGTH) return undefined;
  return candidate.replace(/\.$/, '').toLowerCase();
}

/** A Date from a header value, or undefined when it does not parse. */
export function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value.replace(/\s*\([^)]*\)\s*$/, '').trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
