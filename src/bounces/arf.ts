/**
 * RFC 5965 abuse reports (feedback loops): one complaint per reported recipient.
 */
import { bareAddress, feedbackEventId, withKnownFields, parseDate, type FeedbackEvent } from './feedback.ts';
import { header, headerAll, parseHeaderBlock } from './fields.ts';
import { partText } from './feedback-mail.ts';
import { findVerpToken, originalMessageId, type ReportContext } from './feedback-mail-context.ts';

/**
 * Feedback types that mean "the recipient did not want this". not-spam (RFC 6650) is the opposite, and
 * auth-failure (RFC 6591) is a DMARC/DKIM failure report about the sending domain, not about a reader.
 */
const COMPLAINT_TYPES = new Set(['abuse', 'fraud', 'virus', 'other']);

export type ArfResult = { events: FeedbackEvent[] } | { ignored: string };

/** Events for an ARF report, or undefined when the message has no message/feedback-report part. */
export function arfEvents(context: ReportContext): ArfResult | undefined {
  const part = context.mail.parts.find((p) => p.contentType === 'message/feedback-report');
  if (part === undefined) return undefined;
  const fields = parseHeaderBlock(partText(part).replace(/^\s*\r?\n/, ''));
  const feedbackType = header(fields, 'feedback-type')?.trim().toLowerCase() ?? '(none)';
  if (!COMPLAINT_TYPES.has(feedbackType)) {
    return { ignored: `feedback report of type ${feedbackType}: not a complaint about a recipient` };
  }
  // RFC 5965 Original-Mail-From is the original's envelope sender: our VERP address, when the receiver keeps it.
  const verpToken = context.verpToken ?? findVerpToken([], undefined, headerAll(fields, 'original-mail-from'));
  const reported = headerAll(fields, 'original-rcpt-to').flatMap((v) => v.split(','));
  const fromOriginal = context.original === undefined ? [] : headerAll(context.original, 'to').flatMap((v) => v.split(','));
  const recipients = [...new Set((reported.length > 0 ? reported : fromOriginal).flatMap((v) => bareAddress(v) ?? []))];
  // Some receivers redact the recipient; the VERP token in the original's Return-Path still names them.
  if (recipients.length === 0 && verpToken !== undefined) recipients.push('');
  if (recipients.length === 0) {
    return {
      ignored:
        'abuse report names no recipient (no Original-Rcpt-To, the original To is missing or redacted) and carries no VERP token',
    };
  }
  const messageId = originalMessageId(context.original);
  const at = parseDate(header(fields, 'arrival-date')) ?? parseDate(header(fields, 'received-date')) ?? context.reportDate;
  const events = recipients.map((recipient) =>
    withKnownFields(
      { kind: 'complaint', recipient, source: 'arf', eventId: feedbackEventId('arf', context.reportId, recipient || `verp:${verpToken}`, 'complaint') },
      { messageId, verpToken, at },
    ),
  );
  return { events };
}

/**
 * Microsoft's feedback loop (JMRP, Outlook.com/Hotmail) is not ARF: a multipart/mixed mail with the
 * complained-about message attached as message/rfc822, its recipient in X-HmXmrOriginalRecipient.
 */
export function jmrpEvents(context: ReportContext): FeedbackEvent[] | undefined {
  const original = context.original;
  const recipient = bareAddress(original === undefined ? undefined : header(original, 'x-hmxmroriginalrecipient'));
  if (recipient === undefined) return undefined;
  return [
    withKnownFields(
      { kind: 'complaint', recipient, source: 'heuristic', eventId: feedbackEventId('heuristic', context.reportId, recipient, 'complaint') },
      { messageId: originalMessageId(original), verpToken: context.verpToken, at: context.reportDate },
    ),
  ];
}
