/** Errors shaped as @aws-sdk/client-sesv2 throws them (name, message, $metadata, and nodemailer's code "ESES"). */
import { describe, expect, it } from 'vitest';
import { classifySesError, describeSesError, type SesErrorLike } from './ses-errors.ts';

const answered = (name: string, message: string, httpStatusCode = 400): SesErrorLike => ({ name, message, code: 'ESES', $metadata: { httpStatusCode } });
const system = (code: string, message: string): SesErrorLike => ({ name: 'Error', code, message, $metadata: {} });

describe('classifySesError', () => {
  it.each([
    [answered('TooManyRequestsException', 'Too Many Requests', 429), 'retry'],
    [answered('Throttling', 'Maximum sending rate exceeded.'), 'retry'],
    [answered('LimitExceededException', 'Daily message quota exceeded.'), 'retry'],
    [answered('InternalFailure', 'We encountered an internal error.', 500), 'retry'],
    // The request went out and the answer never came: SES may have taken the message.
    [{ name: 'TimeoutError', code: 'ETIMEDOUT', message: '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 60000 ms requestTimeout.', $metadata: {} }, 'uncertain'],
    [{ name: 'TimeoutError', code: 'ECONNRESET', message: 'socket hang up', $metadata: {} }, 'uncertain'],
    [system('EPIPE', 'write EPIPE'), 'uncertain'],
    // No connection was made: nothing reached SES.
    [{ name: 'TimeoutError', code: 'ESES', message: '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 10000 ms.', $metadata: {} }, 'retry'],
    [answered('MessageRejected', 'Email address is not verified. The following identities failed the check in region EU-WEST-1: editor@tips.example.com'), 'fail'],
    [answered('MailFromDomainNotVerifiedException', 'The MAIL FROM domain is not verified.'), 'fail'],
    [answered('BadRequestException', 'Illegal address'), 'bounce'],
    [answered('BadRequestException', "Missing final '@domain'"), 'bounce'],
    [answered('BadRequestException', 'Message length is more than 40 MB'), 'fail'],
    [answered('SendingPausedException', 'Sending is paused for this account.'), 'stop'],
    [answered('AccountSuspendedException', 'The account is suspended from sending email.'), 'stop'],
    [answered('NotFoundException', 'Configuration set <weekly> does not exist.', 404), 'stop'],
    [answered('UnrecognizedClientException', 'The security token included in the request is invalid.'), 'stop'],
    [{ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, 'stop'],
    [system('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'unreachable'],
    [system('ENOTFOUND', 'getaddrinfo ENOTFOUND email.eu-west-1.amazonaws.invalid'), 'unreachable'],
    [system('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'unreachable'],
  ] as const)('%j → %s', (error, verdict) => {
    expect(classifySesError(error)).toBe(verdict);
  });
});

describe('describeSesError', () => {
  it('names the exception SES answered with', () => {
    expect(describeSesError(answered('MessageRejected', 'Email address is not verified.'))).toBe('MessageRejected: Email address is not verified.');
  });
  it('says in plain words why the endpoint could not be reached', () => {
    expect(describeSesError(system('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toBe('connection refused (connect ECONNREFUSED 127.0.0.1:1)');
    expect(describeSesError(system('ENOTFOUND', 'getaddrinfo ENOTFOUND ses.invalid'))).toBe('the host name does not resolve (getaddrinfo ENOTFOUND ses.invalid)');
  });
});
