/**
 * Hard or soft: one decision for every mail-based source, from the DSN Action and Status when there are some
 * and from the wording of the remote server's reply otherwise.
 */

/** Enhanced status code (RFC 3463) anywhere in a text, e.g. "5.1.1", but not a piece of an IP address. */
const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\.?\d)/;
/** qmail's "(#5.5.0)" suffix. */
const QMAIL_STATUS = /\(#([245]\.\d{1,3}\.\d{1,3})\)/;
/** A basic SMTP reply code at the start of a reply, e.g. "550 " or "452-". */
const SMTP_CODE = /(?:^|[\s:;'"(])([45])\d\d(?=[\s-])/;

/**
 * Full mailboxes recover when their owner deletes mail: RFC 3463 says X.2.2 "should be used as a persistent
 * transient failure", and many servers report it with a 5. Counting it as soft keeps a reader on holiday.
 */
const MAILBOX_FULL =
  /mailbox (?:is )?full|mailbox.{0,20}over ?quota|over ?quota|quota (?:exceeded|full)|exceeded (?:the )?(?:storage|quota|mailbox)|insufficient (?:disk )?(?:space|storage)|mailbox size limit|user is over (?:the )?quota/i;
const TEMPORARY =
  /temporar(?:y|ily)|delayed|will (?:retry|continue trying|be retried)|try again later|greylist|Delivery Status Notification \(Delay\)|has not yet been delivered/i;
const PERMANENT =
  /permanent(?:ly)?|fatal error|user unknown|unknown user|no such (?:user|mailbox|recipient)|does not exist|address (?:couldn't|could not) be found|recipient (?:address )?rejected|mailbox unavailable|account (?:is )?disabled/i;

/** The first enhanced status code in the text (qmail's "(#5.5.0)" included), or undefined. */
export function findStatus(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const qmail = QMAIL_STATUS.exec(text)?.[1];
  if (qmail !== undefined) return qmail;
  const match = ENHANCED.exec(text);
  return match === null ? undefined : `${match[1]}.${match[2]}.${match[3]}`;
}

export interface SeverityInput {
  /** DSN Action field, lowercased ("failed", "delayed") */
  action?: string | undefined;
  status?: string | undefined;
  /** the remote server's diagnostic for this recipient */
  diagnostic?: string | undefined;
  /** surrounding report text, for wording such as "This is a permanent error" */
  context?: string | undefined;
}

/**
 * permanent for 5.x.x (except mailbox full) and 5xx replies, transient for 4.x.x, Action: delayed, full
 * mailboxes and temporary wording. With no signal at all the answer is transient: wrongly counting a soft
 * bounce costs one more attempt, wrongly calling a bounce hard loses a reader.
 */
export function bounceSeverity(input: SeverityInput): 'permanent' | 'transient' {
  const { action, status, diagnostic = '', context = '' } = input;
  if (action === 'delayed') return 'transient';
  if (status !== undefined && /^\d\.2\.2$/.test(status)) return 'transient';
  if (MAILBOX_FULL.test(diagnostic)) return 'transient';
  if (status?.startsWith('4')) return 'transient';
  if (status?.startsWith('5')) return 'permanent';
  const code = SMTP_CODE.exec(diagnostic)?.[1];
  if (code === '4') return 'transient';
  if (code === '5') return 'permanent';
  if (MAILBOX_FULL.test(context)) return 'transient';
  if (TEMPORARY.test(diagnostic) || TEMPORARY.test(context)) return 'transient';
  if (action === 'failed') return 'permanent';
  if (PERMANENT.test(diagnostic) || PERMANENT.test(context)) return 'permanent';
  return 'transient';
}
