/**
 * Bounces that are not RFC 3464 reports: Exim's "Mail delivery failed", qmail's "Hi. This is the qmail-send
 * program", Yahoo's "Failure Notice", old Gmail texts. Read from the human text before the returned copy of
 * the original message, recipients first from X-Failed-Recipients.
 */
import { ADDRESS_MAX_LENGTH, bareAddress, feedbackEventId, withKnownFields, oneLine, type FeedbackEvent } from './feedback.ts';
import { header, headerAll, type Header } from './fields.ts';
import { decodeWords } from './feedback-mail.ts';
import { inlineOriginalHeaders, originalMessageId, type ReportContext } from './feedback-mail-context.ts';
import { bounceSeverity, findStatus } from './severity.ts';

const DAEMON_SENDER = /^(?:mailer-daemon|mail-daemon|postmaster|mailer|mdaemon|double-bounce|bounce|bounces|mail\.?delivery)@/i;
const DAEMON_NAME = /mail delivery (?:subsystem|system)|mailer-daemon/i;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|returned mail|delivery (?:status notification|failure|has failed|failed|problem|notification)|failure notice|mail delivery failed|could not be delivered|non[- ]?delivery|returning message to sender|delivery error|message not delivered/i;

/** Lines that start the returned copy of the original message. */
const ORIGINAL_SEPARATOR =
  /^[ \t]*(?:-+[ \t]*(?:This is a copy of the message|Below this line is a copy of the message|Original message|The header of the original message|Original message follows|Returned message|Undelivered message)|Original message headers:|Original Message Headers|-+ ?Original Message ?-+)/im;

/** An address anywhere in a line; only used on lines whose wording says delivery failed. */
const ADDRESS = /[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;
const REPLY_LINE = /(?:^|\s)[245]\d\d[ -]|(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?!\.?\d)|\(#[245]\.\d/;

const LINE_SCAN_LIMIT = 1000;

/** Wording that marks a line as being about a failed recipient. */
const FAILURE_WORDS =
  /(?:wasn't|was not|couldn't|could not|cannot|can't|unable to) (?:be )?deliver|delivery to .{1,200} failed|not delivered|user unknown|unknown user|no such (?:user|mailbox|recipient)|does ?n[o']t exist|not found|rejected|mailbox (?:is )?(?:full|unavailable)|over ?quota|undeliverable|invalid (?:recipient|address|mailbox)/i;

/**
 * Failed recipients in the human text: an address that starts a line ("<a@b>:", an indented address, Postfix's
 * "<a@b> (expanded from <c@d>)", which means c@d is the address we sent to), or an address on a line whose
 * wording says delivery failed. Addresses in passing ("please contact <support@isp>") are not taken.
 */
function candidateRecipients(head: string): string[] {
  const found: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    // No bounce names a recipient on a kilobyte-long line; skipping them keeps the scan linear.
    if (line.length > LINE_SCAN_LIMIT) continue;
    const expanded = /\(expanded from <?([^\s<>()]+@[^\s<>()]+?)>?\)/i.exec(line)?.[1];
    const leading = /^\s*<?([^\s<>()":]+@[^\s<>()":]+?)>?(?::|\s|$)/.exec(line)?.[1];
    if (expanded !== undefined) found.push(expanded.toLowerCase());
    else if (leading !== undefined) found.push(leading.toLowerCase());
    else if (FAILURE_WORDS.test(line) && !/^\s*[a-z-]+:\s/i.test(line)) {
      found.push(...[...line.matchAll(ADDRESS)].map((m) => m[0].toLowerCase()));
    }
  }
  return found.map((a) => a.replace(/\.$/, '')).filter((a) => a.length <= ADDRESS_MAX_LENGTH);
}

/** Why a message looks like a bounce, and whether that rests on its Subject alone (which anyone may quote). */
export interface BounceSign {
  reason: string;
  bySubject: boolean;
}

/** Whether a message that is not a standard report still looks like a bounce: from a mail daemon, etc. */
export function looksLikeBounce(headers: Header[]): BounceSign | undefined {
  const from = header(headers, 'from') ?? '';
  if (DAEMON_SENDER.test(bareAddress(from) ?? '') || DAEMON_NAME.test(from)) return { reason: `from ${from.trim()}`, bySubject: false };
  if (header(headers, 'x-failed-recipients') !== undefined) return { reason: 'X-Failed-Recipients header', bySubject: false };
  const subject = decodeWords(header(headers, 'subject') ?? '');
  if (BOUNCE_SUBJECT.test(subject)) return { reason: `Subject: ${subject.trim()}`, bySubject: true };
  return undefined;
}

/**
 * The remote server's reply for one recipient: the first SMTP-looking line in that recipient's block (from the
 * line naming it to the line naming the next recipient), joined with its continuation lines. With a single
 * recipient, any reply line in the report will do.
 */
function diagnosticFor(lines: string[], recipient: string, recipients: string[]): string | undefined {
  const others = recipients.filter((r) => r !== recipient);
  const namesOther = (line: string) => others.some((other) => line.toLowerCase().includes(other));
  const at = lines.findIndex((line) => line.toLowerCase().includes(recipient));
  const block: string[] = [];
  for (const line of lines.slice(Math.max(at, 0), Math.max(at, 0) + 12)) {
    if (block.length > 0 && namesOther(line)) break;
    block.push(line);
  }
  const fallback = others.length === 0 ? lines : [];
  const replyIndex = block.findIndex((line) => REPLY_LINE.test(line));
  const source = replyIndex >= 0 ? block : fallback;
  const start = replyIndex >= 0 ? replyIndex : fallback.findIndex((line) => REPLY_LINE.test(line));
  if (start >= 0) {
    // qmail puts the reply on the line after "<address>:" and wraps it; join up to the blank line.
    const reply: string[] = [];
    for (const line of source.slice(start, start + 4)) {
      if (line.trim() === '' || (reply.length > 0 && namesOther(line))) break;
      reply.push(line);
    }
    return oneLine(reply.join(' '));
  }
  if (at < 0) return undefined;
  const after = block.slice(1, 4).filter((line) => line.trim() !== '');
  return oneLine(after.join(' '));
}

/** Events read from a plain-text bounce; empty when no failed recipient can be found. */
export function heuristicEvents(context: ReportContext): FeedbackEvent[] {
  // Already bounded (feedback-mail.ts): the text/plain parts, or the HTML made text when there are none.
  const text = context.mail.text;
  const separator = ORIGINAL_SEPARATOR.exec(text);
  const head = separator === null ? text : text.slice(0, separator.index);
  const tail = separator === null ? '' : text.slice(separator.index + separator[0].length).replace(/^[^\n]*\n/, '');
  const original = context.original ?? inlineOriginalHeaders(tail);
  const top = context.mail.headers;
  const exclude = new Set(
    [
      ...['from', 'to', 'delivered-to', 'x-original-to', 'reply-to'].flatMap((n) => headerAll(top, n)),
      ...(original === undefined ? [] : [...headerAll(original, 'from'), ...headerAll(original, 'return-path')]),
    ].flatMap((v) => v.split(',').flatMap((p) => bareAddress(p) ?? [])),
  );
  const failed = headerAll(top, 'x-failed-recipients').flatMap((v) => v.split(',').flatMap((p) => bareAddress(p) ?? []));
  // X-Failed-Recipients is the MTA's own list; addresses scraped from prose exclude the report's parties.
  const recipients = [
    ...new Set(
      failed.length > 0
        ? failed.filter((a) => !DAEMON_SENDER.test(a))
        : candidateRecipients(head).filter((a) => !exclude.has(a) && !DAEMON_SENDER.test(a)),
    ),
  ];
  const lines = head.split(/\r?\n/);
  const messageId = originalMessageId(original);
  return recipients.flatMap((recipient): FeedbackEvent[] => {
    const diagnostic = diagnosticFor(lines, recipient, recipients);
    const status = findStatus(diagnostic);
    // A 2.x.x status is a success notice for that recipient (some MTAs list them next to failures).
    if (status?.startsWith('2')) return [];
    return [
      withKnownFields(
        { kind: 'bounce', severity: bounceSeverity({ status, diagnostic, context: head }), recipient, source: 'heuristic', eventId: feedbackEventId('heuristic', context.reportId, recipient, 'bounce') },
        { messageId, verpToken: context.verpToken, status, diagnostic, at: context.reportDate },
      ),
    ];
  });
}
