import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './smtp-errors.ts';

describe('classifySmtpError', () => {
  it.each([
    [{ responseCode: 451, response: '451 4.3.0 Try again later' }, 'retry'],
    [{ responseCode: 421, response: '421 4.7.0 Too many connections' }, 'retry'],
    // Lost before the whole message was handed over: the server cannot have accepted it.
    [{ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'retry'],
    [{ code: 'ETIMEDOUT', message: 'Timeout' }, 'retry'],
    // Lost after the final "." and before the reply: it may have been accepted.
    [{ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly', afterData: true }, 'uncertain'],
    [{ code: 'ETIMEDOUT', message: 'Timeout', afterData: true }, 'uncertain'],
    [{ code: 'ESOCKET', originalCode: 'ECONNRESET', message: 'read ECONNRESET', afterData: true }, 'uncertain'],
    // A reply after the data says what happened, whatever the connection did next.
    [{ code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 Try again later', afterData: true }, 'retry'],
    [{ code: 'ECONNECTION', responseCode: 421, response: '421 4.3.2 Shutting down', afterData: true }, 'retry'],
    [{ responseCode: 550, response: '550 5.1.1 <x@example.com>: Recipient address rejected: User unknown' }, 'bounce'],
    [{ responseCode: 553, response: '553 5.1.3 Bad recipient address syntax' }, 'bounce'],
    [{ responseCode: 550, response: '550 No such user here' }, 'bounce'],
    [{ responseCode: 554, response: '554 5.7.1 Message rejected as spam' }, 'policy'],
    [{ responseCode: 552, response: '552 5.3.4 Message too big' }, 'fail'],
    // RFC 3463: X.2.2 is a full mailbox (the reader comes back), X.1.8 the sender's address, X.2.1 a disabled mailbox.
    [{ responseCode: 552, response: '552 5.2.2 Mailbox full' }, 'fail'],
    [{ responseCode: 553, response: '553 5.1.8 Sender address rejected: Domain not found' }, 'fail'],
    [{ responseCode: 550, response: '550 5.2.1 Mailbox disabled' }, 'bounce'],
    [{ responseCode: 550, response: '550 5.0.0 <x@example.com>: user unknown' }, 'bounce'],
    [{ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication credentials invalid' }, 'stop'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'unreachable'],
    [{ code: 'EDNS', message: 'getaddrinfo ENOTFOUND mail.invalid' }, 'unreachable'],
    [{ code: 'ETLS', message: 'Error initiating TLS' }, 'unreachable'],
  ] as const)('%j → %s', (error, verdict) => {
    expect(classifySmtpError(error)).toBe(verdict);
  });
});
