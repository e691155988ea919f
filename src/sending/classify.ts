/**
 * What to do after an SMTP error, from the reply code and the enhanced status code.
 * Pure; one catalogue, so every path (retry, bounce, stop) is decided in one place.
 */

export type Verdict =
  /** Temporary (4xx) or the connection broke: try again later. */
  | 'retry'
  /** Permanent, this address does not exist (5.1.x): mark bounced and suppress. */
  | 'bounce'
  /** Permanent for this message (other 5xx): record as failed. */
  | 'fail'
  /** The server refused our credentials: stop the run. */
  | 'stop-auth'
  /** Policy rejection (5.7.x): counts towards stopping the run. */
  | 'policy';

export interface SmtpErrorLike {
  code?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  message?: string | undefined;
}

export function classifySmtpError(error: SmtpErrorLike): Verdict {
  const reply = error.responseCode;
  const text = `${error.response ?? ''} ${error.message ?? ''}`;
  const enhanced = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(text);
  if (error.code === 'EAUTH' || reply === 535 || reply === 530 || reply === 534) return 'stop-auth';
  if (reply === undefined || reply < 500) return 'retry';
  if (enhanced?.[1] === '5' && enhanced[2] === '1') return 'bounce';
  if (enhanced?.[1] === '5' && enhanced[2] === '7') return 'policy';
  if (reply === 550 && !enhanced && /no such user|user unknown|does not exist|mailbox unavailable/i.test(text)) return 'bounce';
  return 'fail';
}

/** Backoff before retry `attempt` (1-based): 1 s, 4 s, 16 s… capped at 2 minutes. */
export function backoffMs(attempt: number, base = 1000): number {
  return Math.min(120_000, base * 4 ** Math.max(0, attempt - 1));
}
