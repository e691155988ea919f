/**
 * Bounces that are not RFC 3464 reports: Exim's "Mail delivery failed", qmail's "Hi. This is the qmail-send
 * program", Yahoo's "Failure Notice", old Gmail texts. Read from the human text before the returned copy of
 * the original message, recipients first from X-Failed-Recipients.
 */
import { bareAddress, feedbackEventId, oneLine, type FeedbackEvent } from './feedback.ts';
import { decodeWords, header, headerAll, partText, type Header, type MimePart } from './mime.ts';
import { inlineOriginalHeaders, originalMessageId, type ReportContext } from './report-context.ts';
import { bounceSeverity, findStatus } from './severity.ts';

const DAEMON_SENDER = /^(?:mailer-daemon|mail-daemon|postmaster|mailer|mdaemon|double-bounce|bounce|bounces|mail\.?delivery)@/i;
const DAEMON_NAME = /mail delivery (?:subsystem|system)|mailer-daemon/i;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|returned mail|delivery (?:status notification|failure|has failed|failed|problem|notification)|failure notice|mail delivery failed|could not be delivered|non[- ]?delivery|returning message to sender|delivery error|message not delivered/i;

/** Lines that start the returned copy of the original message. */
const ORIGINAL_SEPARATOR =
  /^[ \t]*(?:-+[ \t]*(?:This is a copy of the message|Below this line is a copy of the message|Original message|The header of the original message|Original message follows|Returned message|Undelivered message)|Original message headers:|Original Message Headers|-+ ?Original Message ?-+)/im;

/** Delivery failure texts name the failed address in angle brackets or alone on an indented line. */
const ADDRESS = /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;
const REPLY_LINE = /(?:^|\s)[245]\d\d[ -]|(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?!\.?\d)|\(#[245]\.\d/;

/** Whether a message that is not a standard report still looks like a bounce: from a mail daemon, etc. */
export function looksLikeBounce(headers: Header[]): string | undefined {
  const from = header(headers, 'from') ?? '';
  if (DAEMON_SENDER.test(bareAddress(from) ?? '') || DAEMON_NAME.test(from)) return `from ${from.trim()}`;
  if (header(headers, 'x-failed-recipients') !== undefined) return 'X-Failed-Recipients header';
  const subject = decodeWords(header(headers, 'subject') ?? '');
  if (BOUNCE_SUBJECT.test(subject)) return `Subject: ${subject.trim()}`;
  return undefined;
}

function stripHtml(html: string): string {
  return html
    .replace(/<(?:style|script)[\s\S]*?<\/(?:style|script)>/gi, '')
    .replace(/<br\s*\/?>|<\/(?:p|div|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'");
}

/** The human-readable text of the report: its text/plain parts (HTML only when there is no plain text). */
function reportText(root: MimePart): string {
  const texts: string[] = [];
  const htmls: string[] = [];
  const visit = (part: MimePart) => {
    if (part.contentType.startsWith('multipart/')) {
      part.parts.forEach(visit);
      return;
    }
    if (part.contentType === 'text/plain') texts.push(partText(part));
    if (part.contentType === 'text/html') htmls.push(stripHtml(partText(part)));
  };
  visit(root);
  return (texts.length > 0 ? texts : htmls).join('\n');
}

function diagnosticFor(lines: string[], recipient: string): string | undefined {
  const at = lines.findIndex((line) => line.toLowerCase().includes(recipient));
  const from = Math.max(at, 0);
  const window = lines.slice(from, from + 12);
  const reply = window.find((line) => REPLY_LINE.test(line)) ?? lines.find((line) => REPLY_LINE.test(line));
  if (reply !== undefined) {
    // qmail puts the reply on the line after "<address>:" and wraps it; join up to the blank line.
    const start = lines.indexOf(reply);
    const block: string[] = [];
    for (const line of lines.slice(start, start + 4)) {
      if (line.trim() === '') break;
      block.push(line);
    }
    return oneLine(block.join(' '));
  }
  if (at < 0) return undefined;
  const after = lines.slice(at + 1, at + 4).filter((line) => line.trim() !== '');
  return oneLine(after.join(' '));
}

/** Events read from a plain-text bounce; empty when no failed recipient can be found. */
export function heuristicEvents(context: ReportContext): FeedbackEvent[] {
  const text = reportText(context.root);
  const separator = ORIGINAL_SEPARATOR.exec(text);
  const head = separator === null ? text : text.slice(0, separator.index);
  const tail = separator === null ? '' : text.slice(separator.index + separator[0].length).replace(/^[^\n]*\n/, '');
  const original = context.original ?? inlineOriginalHeaders(tail);
  const top = context.root.headers;
  const exclude = new Set(
    [
      ...['from', 'to', 'delivered-to', 'x-original-to', 'reply-to'].flatMap((n) => headerAll(top, n)),
      ...(original === undefined ? [] : [...headerAll(original, 'from'), ...headerAll(original, 'return-path')]),
    ].flatMap((v) => v.split(',').flatMap((p) => bareAddress(p) ?? [])),
  );
  const failed = headerAll(top, 'x-failed-recipients').flatMap((v) => v.split(',').flatMap((p) => bareAddress(p) ?? []));
  const found = [...head.matchAll(ADDRESS)].map((m) => m[0].toLowerCase().replace(/\.$/, ''));
  const recipients = [
    ...new Set(
      (failed.length > 0 ? failed : found).filter((a) => !exclude.has(a) && !DAEMON_SENDER.test(a)),
    ),
  ];
  const lines = head.split(/\r?\n/);
  const messageId = originalMessageId(original);
  return recipients.map((recipient): FeedbackEvent => {
    const diagnostic = diagnosticFor(lines, recipient);
    const status = findStatus(diagnostic);
    const event: FeedbackEvent = {
      kind: 'bounce',
      severity: bounceSeverity({ status, diagnostic, context: head }),
      recipient,
      source: 'heuristic',
      eventId: feedbackEventId('heuristic', context.reportId, recipient, 'bounce'),
    };
    if (messageId !== undefined) event.messageId = messageId;
    if (context.verpToken !== undefined) event.verpToken = context.verpToken;
    if (status !== undefined) event.status = status;
    if (diagnostic !== undefined) event.diagnostic = diagnostic;
    if (context.reportDate !== undefined) event.at = context.reportDate;
    return event;
  });
}
