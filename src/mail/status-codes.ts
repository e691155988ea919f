/**
 * The one reader of what a mail server said about a recipient: enhanced status codes (RFC 3463) and the
 * "user unknown" wording of replies that carry none. Used at send time (smtp-errors.ts: should the address be
 * dropped now?), for bounce mail (bounces/severity.ts: hard or soft?) and for SES notifications without a
 * verdict of their own, so a reply means the same wherever it is seen. Pure.
 *
 * The question every caller asks is whether the address is gone. RFC 3463 answers it by the code's subject
 * (its middle number) as much as by its class: X.1 is "addressing status" (X.1.1 bad mailbox, X.1.2 bad
 * system, X.1.3 bad syntax, X.1.4 ambiguous, X.1.6 moved, X.1.10 null MX) but X.1.7/X.1.8 are about the
 * *sender's* address; X.2.1 is a disabled mailbox, while X.2.2 (mailbox full) "should be used as a persistent
 * transient failure"; X.2.3 and X.3.4 (too big) and X.6 (content) are about the message; X.7 (security or
 * policy) is about the message or the sender. Only the first group says the reader's address is gone.
 */

/** An enhanced status code anywhere in a text, e.g. "5.1.1", but not a piece of an IP address. */
const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)/;
/** qmail's "(#5.5.0)" suffix. */
const QMAIL_STATUS = /\(#([245]\.\d{1,3}\.\d{1,3})\)/;
/** A basic SMTP reply code at the start of a reply, e.g. "550 " or "452-". */
const SMTP_CODE = /(?:^|[\s:;'"(])([245])\d\d(?=[\s-]|$)/;

/** RFC 3463 codes that say the recipient's address does not, or no longer, exist (see the header). */
const ADDRESS_GONE = new Set(['1.0', '1.1', '1.2', '1.3', '1.4', '1.6', '1.10', '2.1']);
/** Codes about something else than the address: the sender's address, a full mailbox, the message's size. */
const ADDRESS_ALIVE = new Set(['1.7', '1.8', '2.2', '2.3', '3.4']);
/** Subjects about the message itself (X.6 content) or policy (X.7 security or policy): the address is fine. */
const ALIVE_SUBJECTS = new Set(['6', '7']);

/**
 * Wording for "no such recipient" in replies that carry no enhanced code, or only a generic one (RFC 3463
 * X.0.0 or X.5.0, as qmail's "(#5.5.0)"). One list for every path.
 */
const USER_UNKNOWN =
  /user unknown|unknown (?:user|recipient)|no such (?:user|mailbox|recipient|address)|does ?n[o']t exist|address (?:couldn't|could not) be found|recipient (?:address )?rejected|recipient not found|user not found|mailbox (?:is )?unavailable|mailbox not found|no mailbox here|account (?:is |has been )?disabled|invalid (?:recipient|mailbox)|unrouteable address/i;

/** Mailbox-full wording (RFC 3463 X.2.2 in words), for replies without a code, or with a generic one. */
const MAILBOX_FULL =
  /mailbox (?:is )?full|mailbox.{0,20}over ?quota|over ?quota|quota (?:exceeded|full)|exceeded (?:the )?(?:storage|quota|mailbox)|insufficient (?:disk )?(?:space|storage)|mailbox size limit|user is over (?:the )?quota/i;

/** The first enhanced status code in the text (qmail's "(#5.5.0)" included), or undefined. */
export function findStatus(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const qmail = QMAIL_STATUS.exec(text)?.[1];
  if (qmail !== undefined) return qmail;
  const match = ENHANCED.exec(text);
  return match === null ? undefined : `${match[1]}.${match[2]}.${match[3]}`;
}

/** The class digit of a basic reply code at the start of a reply ("550 …" → "5"), or undefined. */
export function replyClass(text: string | undefined): '2' | '4' | '5' | undefined {
  return SMTP_CODE.exec(text ?? '')?.[1] as '2' | '4' | '5' | undefined;
}

export interface ReplyReading {
  /** the enhanced status code, when there is one */
  status: string | undefined;
  /** the reply's class: 2 success, 4 transient, 5 permanent (for this message); undefined when no code says */
  class: '2' | '4' | '5' | undefined;
  /**
   * What the reply says about the recipient's address: gone (never mail it again), alive (the failure is
   * about the message, the sender, a full mailbox, or is transient), unknown (it does not say: a permanent
   * failure without a reason, or no code at all).
   */
  address: 'gone' | 'alive' | 'unknown';
  /** RFC 3463 X.7: refused for security or policy (spam, reputation, authentication) */
  policy: boolean;
  /** RFC 3463 X.2.2, or its wording */
  mailboxFull: boolean;
}

/**
 * Reads a server's reply (or a DSN's Status plus its Diagnostic-Code). `status` is an enhanced code found
 * elsewhere (a DSN's Status field), `replyCode` the SMTP reply code when the caller has it as a number.
 */
export function readReply(input: { status?: string | undefined; replyCode?: number | undefined; text?: string | undefined }): ReplyReading {
  const text = input.text ?? '';
  const status = input.status ?? findStatus(text);
  const [statusClass, subject = '', detail = ''] = status?.split('.') ?? [];
  const basic = input.replyCode === undefined ? replyClass(text) : (String(input.replyCode)[0] as '2' | '4' | '5');
  const cls = (statusClass ?? basic) as ReplyReading['class'];
  const code = `${subject}.${detail}`;
  const policy = status !== undefined && subject === '7';
  const mailboxFull = code === '2.2' || (!ADDRESS_GONE.has(code) && MAILBOX_FULL.test(text));
  const alive = cls === '2' || cls === '4' || mailboxFull || (status !== undefined && (ADDRESS_ALIVE.has(code) || ALIVE_SUBJECTS.has(subject)));
  const gone = !alive && ((status !== undefined && ADDRESS_GONE.has(code)) || USER_UNKNOWN.test(text));
  return { status, class: cls, address: gone ? 'gone' : alive ? 'alive' : 'unknown', policy, mailboxFull };
}
