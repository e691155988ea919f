/**
 * What every mail-based reader needs from a report besides its own part: an id for idempotency, the report's
 * date, the returned original's headers and the VERP token candidate.
 */
import { createHash } from 'node:crypto';
import { bareAddress, bareMessageId, parseDate } from './feedback.ts';
import { header, headerAll, parseHeaderBlock, type Header } from './fields.ts';
import { partHeaders, type FeedbackMail } from './feedback-mail.ts';
import { looksLikeVerpToken, verpTokenCandidate } from './verp.ts';

export interface ReportContext {
  mail: FeedbackMail;
  /** the report's own Message-ID, or a hash of its bytes when it has none */
  reportId: string;
  reportDate: Date | undefined;
  /** headers of the returned original message, when the report includes them */
  original: Header[] | undefined;
  verpToken: string | undefined;
}

const ORIGINAL_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);

/** Headers of the returned original: a message/rfc822 or text/rfc822-headers part. */
export function originalPartHeaders(mail: FeedbackMail): Header[] | undefined {
  const part = mail.parts.find((p) => ORIGINAL_TYPES.has(p.contentType));
  if (part === undefined) return undefined;
  const headers = partHeaders(part);
  return headers.length > 0 ? headers : undefined;
}

/** Headers of an original message quoted inline after a separator line in a plain-text bounce. */
export function inlineOriginalHeaders(tail: string): Header[] | undefined {
  const block = tail.replace(/^\s*\r?\n/, '').split(/\r?\n[ \t]*\r?\n/)[0] ?? '';
  const headers = parseHeaderBlock(block);
  return headers.some((h) => h.name === 'message-id' || h.name === 'from' || h.name === 'to') ? headers : undefined;
}

/** Our Message-ID from the original's headers. */
export function originalMessageId(original: Header[] | undefined): string | undefined {
  return original === undefined ? undefined : bareMessageId(header(original, 'message-id'));
}

/** `envelope-from <addr>` in a Received header (Exim and others record the return path there). */
const ENVELOPE_FROM = /envelope-from\s+<?([^\s<>;()]+@[^\s<>;()]+)>?/i;

/**
 * Where the VERP token can be, most trusted first: the report's envelope recipient (Delivered-To,
 * X-Original-To, Envelope-To, To), then what feedback-loop reports keep of the original's return path: ARF's
 * Original-Mail-From (`extra`), the returned original's Return-Path and the envelope-from its Received headers
 * name. Only values shaped like one of our tokens are taken, so a stray "+" address does not hide the real one.
 */
export function findVerpToken(top: Header[], original: Header[] | undefined, extra: string[] = []): string | undefined {
  const candidates = [
    ...['delivered-to', 'x-original-to', 'envelope-to', 'x-envelope-to', 'to'].flatMap((name) => headerAll(top, name)),
    ...extra,
    ...(original === undefined ? [] : headerAll(original, 'return-path')),
    ...(original === undefined ? [] : headerAll(original, 'received').flatMap((value) => ENVELOPE_FROM.exec(value.slice(0, 2000))?.[1] ?? [])),
  ];
  for (const value of candidates) {
    for (const piece of value.split(',')) {
      const address = bareAddress(piece);
      const token = address === undefined ? undefined : verpTokenCandidate(address);
      if (token !== undefined && looksLikeVerpToken(token)) return token;
    }
  }
  return undefined;
}

export function reportContext(raw: Buffer, mail: FeedbackMail): ReportContext {
  const original = originalPartHeaders(mail);
  return {
    mail,
    reportId: bareMessageId(header(mail.headers, 'message-id')) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    reportDate: parseDate(header(mail.headers, 'date')),
    original,
    verpToken: findVerpToken(mail.headers, original),
  };
}
