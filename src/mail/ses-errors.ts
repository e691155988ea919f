/**
 * What an Amazon SES (API v2) failure means, from the SDK error's name (the exception SES
 * named in its answer) or, when no answer came, the system error code. Pure; the SES twin
 * of smtp-errors.ts, feeding the same verdicts to the sender and the signup outbox.
 */
import type { Verdict } from './transport.ts';
import { PLAIN_CAUSES } from './smtp-errors.ts';

/** The parts of an AWS SDK v3 error (or a Node system error under it) that matter here. */
export interface SesErrorLike {
  name?: string | undefined;
  /** System error code (ECONNREFUSED…); nodemailer sets "ESES" on errors SES answered. */
  code?: string | undefined;
  message?: string | undefined;
  $metadata?: { httpStatusCode?: number | undefined } | undefined;
}

/** SES is busy or our quota is used up: nothing wrong with the message, try again later. */
const THROTTLED = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException', 'LimitExceededException']);
/** The account (or the configuration set) may not send at all: every further message would fail the same way. */
const ACCOUNT_STOPPED = new Set(['AccountSuspendedException', 'SendingPausedException', 'NotFoundException', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'AccessDeniedException', 'CredentialsProviderError']);
/** SES refused this message for its content or sender; another message may go through. */
const REJECTED = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException']);
/** Failures to reach the endpoint at all, before SES said anything. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'SELF_SIGNED_CERT_IN_CHAIN']);
/**
 * The connection broke after it was made and before SES answered. The AWS SDK's HTTP handler
 * keeps the system code (ECONNRESET for a reset or "socket hang up", EPIPE) and gives its own
 * request timeout ETIMEDOUT; a connect timeout has no code (nodemailer then sets ESES).
 */
const ANSWER_LOST = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
/** SES's words for a recipient address it cannot take (API v1 and v2 phrasings). */
const BAD_ADDRESS = /illegal address|invalid (email )?address|missing final '@domain'|local address contains control or whitespace|domain (contains|ends with) (illegal|dot)/i;
const QUOTA = /quota exceeded|sending rate exceeded|maximum sending rate/i;

export function classifySesError(error: SesErrorLike): Verdict {
  const name = error.name ?? '';
  const message = error.message ?? '';
  if (UNREACHABLE.has(error.code ?? '')) return 'unreachable';
  if (THROTTLED.has(name) || QUOTA.test(message) || error.$metadata?.httpStatusCode === 429) return 'retry';
  if (ACCOUNT_STOPPED.has(name)) return 'stop';
  if (REJECTED.has(name)) return 'fail';
  if (name === 'BadRequestException' || name === 'InvalidParameterValue') return BAD_ADDRESS.test(message) ? 'bounce' : 'fail';
  const status = error.$metadata?.httpStatusCode;
  // The request went out and its answer was lost (reset, hang-up, request timeout): SES may have taken the message.
  if (status === undefined && ANSWER_LOST.has(error.code ?? '')) return 'uncertain';
  // 5xx, and a connection that was never made (connect timeout), say SES did not take it: try again.
  if (status === undefined || status >= 500) return 'retry';
  return 'fail';
}


/** One line for logs and the ledger: "MessageRejected: Email address is not verified." */
export function describeSesError(error: SesErrorLike): string {
  const code = error.code ?? '';
  const plain = PLAIN_CAUSES[code] ?? (UNREACHABLE.has(code) ? 'the TLS handshake failed' : undefined);
  const message = (error.message ?? String(error)).replace(/\s+/g, ' ').trim();
  if (plain) return `${plain} (${message})`;
  const name = error.name && error.name !== 'Error' ? error.name : undefined;
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}
