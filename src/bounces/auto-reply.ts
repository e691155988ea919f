/**
 * Out-of-office and other auto-replies reach the bounce address too. They say nothing about deliverability
 * and must never count as bounces.
 */
import { header, type Header } from './fields.ts';
import { decodeWords } from './feedback-mail.ts';

const AUTO_REPLY_SUBJECT =
  /^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response|antwort)|autoreply|auto:|abwesenheit|réponse automatique|respuesta automática|fuera de (?:la )?oficina|absence|on vacation|vacation reply|i am (?:currently )?out of)/i;

/** Why this message is an auto-reply, or undefined when it does not look like one. */
export function autoReplyReason(headers: Header[]): string | undefined {
  const autoSubmitted = header(headers, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return `auto-reply (Auto-Submitted: ${autoSubmitted})`;
  const precedence = header(headers, 'precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto-reply (Precedence: auto_reply)';
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (header(headers, name) !== undefined) return `auto-reply (${name} header)`;
  }
  const subject = decodeWords(header(headers, 'subject') ?? '');
  if (AUTO_REPLY_SUBJECT.test(subject)) return `auto-reply (Subject: ${subject.trim().slice(0, 80)})`;
  return undefined;
}
