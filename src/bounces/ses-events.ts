/**
 * SES bounce, complaint and delivery notifications (the JSON inside a verified SNS Notification) mapped to
 * FeedbackEvents. Both shapes are read: feedback notifications ("notificationType") and configuration-set
 * event publishing ("eventType"). https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html
 */
import { readReply } from '../mail/status-codes.ts';
import { bareAddress, bareMessageId, feedbackEventId, oneLine, type FeedbackEvent } from './feedback.ts';

/**
 * What this module reads of a verified SNS message: its type, its id and its Message (the SES event as JSON).
 * Declared here, not imported from sns.ts, so the two modules do not import each other (sns.ts owns the whole
 * envelope, and an SnsMessage is one of these).
 */
export interface SnsEnvelope {
  Type: string;
  MessageId: string;
  Message: string;
}

type Json = Record<string, unknown>;

/** An event before its id, with optional fields that may be undefined (dropped when the event is built). */
type Draft = Pick<FeedbackEvent, 'kind' | 'recipient'> & {
  [K in 'severity' | 'status' | 'diagnostic' | 'at']?: FeedbackEvent[K] | undefined;
};

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function date(value: unknown): Date | undefined {
  const text = string(value);
  if (text === undefined) return undefined;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/**
 * Our Message-ID: from the original headers SES keeps in mail.headers, else mail.commonHeaders.messageId.
 * SES may replace Message-ID on the way out, so mail.messageId (the id SendEmail returned) is kept too.
 */
function messageIds(mail: Json | undefined): Pick<FeedbackEvent, 'messageId' | 'providerMessageId'> {
  const headers = list(mail?.['headers']).map(object);
  const fromHeaders = headers.find((h) => string(h?.['name'])?.toLowerCase() === 'message-id')?.['value'];
  const common = object(mail?.['commonHeaders'])?.['messageId'];
  const ids: Pick<FeedbackEvent, 'messageId' | 'providerMessageId'> = {};
  const messageId = bareMessageId(string(fromHeaders) ?? string(common));
  if (messageId !== undefined) ids.messageId = messageId;
  const providerMessageId = string(mail?.['messageId']);
  if (providerMessageId !== undefined) ids.providerMessageId = providerMessageId;
  return ids;
}

/**
 * Bounce types: Permanent is hard; Transient is soft. Undetermined ("SES could not tell") is read like any
 * other reply (mail/status-codes.ts): hard only when the recipient's status or diagnostic says the address is
 * gone, soft otherwise, since a wrong hard bounce loses a reader for good.
 */
function severity(bounceType: string | undefined, status: string | undefined, diagnostic: string | undefined): 'permanent' | 'transient' {
  if (bounceType === 'Permanent') return 'permanent';
  if (bounceType === 'Transient') return 'transient';
  return readReply({ status, text: diagnostic }).address === 'gone' ? 'permanent' : 'transient';
}

/** Events in an SES notification; empty for other notifications or a Message that is not SES JSON. */
export function sesEvents(message: SnsEnvelope): FeedbackEvent[] {
  if (message.Type !== 'Notification') return [];
  let payload: Json | undefined;
  try {
    payload = object(JSON.parse(message.Message));
  } catch {
    return [];
  }
  if (payload === undefined) return [];
  const type = string(payload['notificationType']) ?? string(payload['eventType']);
  const mail = object(payload['mail']);
  const ids = messageIds(mail);
  const events: FeedbackEvent[] = [];
  const push = (draft: Draft, reportId: string) => {
    const defined = Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined));
    events.push({
      ...(defined as Draft as Pick<FeedbackEvent, 'kind' | 'recipient'>),
      ...ids,
      source: 'ses',
      eventId: feedbackEventId('ses', reportId, draft.recipient, draft.kind),
    });
  };

  if (type === 'Bounce') {
    const bounce = object(payload['bounce']);
    const reportId = string(bounce?.['feedbackId']) ?? `${ids.providerMessageId ?? message.MessageId}:bounce`;
    for (const item of list(bounce?.['bouncedRecipients']).map(object)) {
      const recipient = bareAddress(string(item?.['emailAddress']));
      if (recipient === undefined) continue;
      const status = string(item?.['status']);
      const diagnostic = oneLine(string(item?.['diagnosticCode'])?.replace(/^\s*[a-z0-9-]+\s*;\s*/i, ''));
      push(
        { kind: 'bounce', severity: severity(string(bounce?.['bounceType']), status, diagnostic), recipient, status, diagnostic, at: date(bounce?.['timestamp']) },
        reportId,
      );
    }
  } else if (type === 'Complaint') {
    const complaint = object(payload['complaint']);
    // not-spam is a receiver telling us a message was wrongly filed as spam: the opposite of a complaint.
    if (string(complaint?.['complaintFeedbackType']) === 'not-spam') return [];
    const reportId = string(complaint?.['feedbackId']) ?? `${ids.providerMessageId ?? message.MessageId}:complaint`;
    for (const item of list(complaint?.['complainedRecipients']).map(object)) {
      const recipient = bareAddress(string(item?.['emailAddress']));
      if (recipient === undefined) continue;
      push({ kind: 'complaint', recipient, at: date(complaint?.['timestamp']) }, reportId);
    }
  } else if (type === 'Delivery') {
    const delivery = object(payload['delivery']);
    const reportId = `${ids.providerMessageId ?? message.MessageId}:delivery`;
    for (const item of list(delivery?.['recipients'])) {
      const recipient = bareAddress(string(item));
      if (recipient === undefined) continue;
      push(
        { kind: 'delivery', recipient, diagnostic: oneLine(string(delivery?.['smtpResponse'])), at: date(delivery?.['timestamp']) },
        reportId,
      );
    }
  }
  return events;
}
