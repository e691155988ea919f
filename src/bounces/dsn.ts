/**
 * RFC 3464 delivery status notifications: one event per failed or delayed recipient in the
 * message/delivery-status part.
 */
import { bareAddress, bareMessageId, feedbackEventId, withKnownFields, oneLine, parseDate, type FeedbackEvent } from './feedback.ts';
import { header, parseFieldGroups, type Header } from './fields.ts';
import { partText } from './feedback-mail.ts';
import { originalMessageId, type ReportContext } from './feedback-mail-context.ts';
import { bounceSeverity, findStatus } from './severity.ts';

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

/** Actions that report success (RFC 3464 §2.3.3); not feedback to act on. */
const SUCCESS_ACTIONS = new Set(['delivered', 'relayed', 'expanded']);

function isRecipientGroup(group: Header[]): boolean {
  return header(group, 'final-recipient') !== undefined || header(group, 'original-recipient') !== undefined;
}

/** Drops the "smtp;" / "x-unix;" diagnostic type and joins the multi-line SMTP reply into one line. */
function diagnosticText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/^\s*[a-z0-9-]+\s*;\s*/i, '');
  // "550-5.1.1 first line 550-5.1.1 second line": keep the text once, without repeated reply codes.
  const lines = text.split(/\s(?=[245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\s)/);
  if (lines.length <= 1) return oneLine(text);
  const [first = '', ...rest] = lines;
  return oneLine([first, ...rest.map((l) => l.replace(/^[245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\s+/, ''))].join(' '));
}

/**
 * Events for a DSN (empty when every recipient was delivered), or undefined when the message has no usable
 * delivery-status part.
 */
export function dsnEvents(context: ReportContext): FeedbackEvent[] | undefined {
  const part = context.mail.parts.find((p) => STATUS_TYPES.has(p.contentType));
  if (part === undefined) return undefined;
  const groups = parseFieldGroups(partText(part));
  // A status part without recipient fields is malformed; let the text heuristics read the report instead.
  if (!groups.some(isRecipientGroup)) return undefined;
  const perMessage = groups.find((g) => !isRecipientGroup(g)) ?? [];
  const messageId =
    originalMessageId(context.original) ??
    bareMessageId(header(perMessage, 'x-original-message-id')) ??
    bareMessageId(header(context.mail.headers, 'in-reply-to'));
  const events: FeedbackEvent[] = [];
  for (const group of groups.filter(isRecipientGroup)) {
    const action = header(group, 'action')?.trim().toLowerCase();
    if (action !== undefined && SUCCESS_ACTIONS.has(action)) continue;
    const recipient =
      bareAddress(header(group, 'original-recipient')) ?? bareAddress(header(group, 'final-recipient'));
    if (recipient === undefined) continue;
    const diagnostic = diagnosticText(header(group, 'diagnostic-code'));
    const status = findStatus(header(group, 'status')) ?? findStatus(diagnostic);
    const at =
      parseDate(header(group, 'last-attempt-date')) ?? parseDate(header(perMessage, 'arrival-date')) ?? context.reportDate;
    events.push(
      withKnownFields(
        { kind: 'bounce', severity: bounceSeverity({ action, status, diagnostic }), recipient, source: 'dsn', eventId: feedbackEventId('dsn', context.reportId, recipient, 'bounce') },
        { messageId, verpToken: context.verpToken, status, diagnostic, at },
      ),
    );
  }
  return events;
}
