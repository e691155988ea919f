/**
 * What an SMTP failure means, from nodemailer's error code, the reply code and the
 * enhanced status code. Pure; one catalogue for the weekly send and the signup outbox.
 */
import { readReply } from './status-codes.ts';
import type { Verdict } from './transport.ts';

export interface SmtpErrorLike {
  code?: string | undefined;
  /** The system error under nodemailer's code, e.g. ECONNREFUSED under ESOCKET. */
  originalCode?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  message?: string | undefined;
  /** The command nodemailer was at; "CONN" for a lost connection in any phase, so it cannot tell them apart. */
  command?: string | undefined;
  /** Noted by our pool (pool.smtp.ts): the whole message had been handed to the connection when it failed. */
  afterData?: boolean | undefined;
}

/** System errors that mean the server cannot be reached at all (as opposed to a dropped transaction). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function classifySmtpError(error: SmtpErrorLike): Verdict {
  const reply = error.responseCode;
  const text = `${error.response ?? ''} ${error.message ?? ''}`;
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH' || reply === 535 || reply === 530 || reply === 534) return 'stop';
  if (error.code === 'EDNS' || error.code === 'ETLS' || UNREACHABLE.has(error.originalCode ?? '') || UNREACHABLE.has(error.code ?? '')) return 'unreachable';
  // Lost after the final "." and before any reply: the server may have accepted it.
  if (reply === undefined && error.afterData) return 'uncertain';
  if (reply === undefined || reply < 500) return 'retry';
  // The status-code part is read by the one reader the bounce code uses too (status-codes.ts, RFC 3463).
  const reading = readReply({ replyCode: reply, text });
  if (reading.address === 'gone') return 'bounce';
  if (reading.policy) return 'policy';
  return 'fail';
}

/** System error codes in plain words, for every transport's messages. */
export const PLAIN_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve (DNS not answering)',
  EDNS: 'the host name does not resolve',
  ETLS: 'the TLS handshake failed',
};

/** One line for logs and the ledger: the server's reply when there is one, the plain cause otherwise. */
export function describeSmtpError(error: SmtpErrorLike): string {
  const plain = PLAIN_CAUSES[error.originalCode ?? ''] ?? PLAIN_CAUSES[error.code ?? ''];
  const detail = (error.response ?? error.message ?? String(error)).replace(/\s+/g, ' ').trim();
  return plain ? `${plain} (${detail})` : detail;
}
