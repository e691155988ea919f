/**
 * Hard or soft: one decision for every mail-based source, from the DSN Action and Status when there are some
 * and from the wording of the remote server's reply otherwise. The codes and wording are read by
 * mail/status-codes.ts, the one reader shared with the sender.
 */
import { findStatus, readReply } from '../mail/status-codes.ts';

const TEMPORARY =
  /temporar(?:y|ily)|delayed|will (?:retry|continue trying|be retried)|try again later|greylist|Delivery Status Notification \(Delay\)|has not yet been delivered/i;
/** Mailbox-full wording in the report's own text around the reply (the reply itself is read by readReply). */
const MAILBOX_FULL_CONTEXT = /mailbox (?:is )?full|over ?quota|quota (?:exceeded|full)/i;

export { findStatus };

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
 * permanent when the reply says the address is gone (mail/status-codes.ts: RFC 3463 X.1.x recipient codes,
 * X.2.1, or "user unknown" wording), transient otherwise: 4.x.x, Action: delayed, a full mailbox, a refusal
 * for policy, content or size, and a permanent failure that does not say why. The same reading decides a
 * send-time refusal (smtp-errors.ts), so a reply means the same whether it came back during the send or in a
 * bounce days later. With no signal at all the answer is transient: wrongly counting a soft bounce costs one
 * more attempt (three in 30 days still stop the mail), wrongly calling a bounce hard loses a reader.
 */
export function bounceSeverity(input: SeverityInput): 'permanent' | 'transient' {
  const { action, status, diagnostic = '', context = '' } = input;
  if (action === 'delayed') return 'transient';
  const reading = readReply({ status, text: diagnostic });
  if (reading.address === 'gone') return 'permanent';
  if (reading.address === 'alive' || MAILBOX_FULL_CONTEXT.test(context) || TEMPORARY.test(diagnostic) || TEMPORARY.test(context)) return 'transient';
  // The reply does not say why: the report's own words around it may ("… failed: … user unknown").
  return readReply({ text: context }).address === 'gone' ? 'permanent' : 'transient';
}
