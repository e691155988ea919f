import { describe, expect, it } from 'vitest';
import { bounceSeverity } from '../bounces/severity.ts';
import { classifySmtpError } from './smtp-errors.ts';
import { findStatus, readReply } from './status-codes.ts';

describe('findStatus', () => {
  it('finds enhanced status codes, qmail suffixes first, never pieces of IP addresses', () => {
    expect(findStatus('550 5.1.1 <a@example.org>: User unknown')).toBe('5.1.1');
    expect(findStatus('said: 550 Unknown user (#5.5.0) after 4.4.1')).toBe('5.5.0');
    expect(findStatus('host mx.example.org [192.0.2.20]: refused')).toBeUndefined();
    expect(findStatus('Status code: 550 5.1.10.')).toBe('5.1.10');
    expect(findStatus(undefined)).toBeUndefined();
  });
});

/** [reply, what it says about the address] — by RFC 3463 (see status-codes.ts). */
const REPLIES: [number, string, 'gone' | 'alive' | 'unknown'][] = [
  [550, '550 5.1.1 <a@example.org>: Recipient address rejected: User unknown', 'gone'],
  [550, '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found', 'gone'],
  [553, '553 5.1.3 Bad recipient address syntax', 'gone'],
  [550, '550 5.2.1 The email account that you tried to reach is disabled', 'gone'],
  [550, '550 No such user here', 'gone'],
  [550, '550 5.0.0 <a@example.org>: user unknown', 'gone'],
  [550, '550 Sorry, no mailbox here by that name. (#5.5.0)', 'gone'],
  // A full mailbox recovers: X.2.2 "should be used as a persistent transient failure" (RFC 3463).
  [552, '552 5.2.2 Mailbox full', 'alive'],
  [550, '550 5.2.2 <a@example.org>... Mailbox Full', 'alive'],
  // The sender's address, the message's size or content, or policy: the reader's address is fine.
  [553, '553 5.1.8 Sender address rejected: Domain not found', 'alive'],
  [552, '552 5.3.4 Message too big', 'alive'],
  [554, '554 5.7.1 Message rejected as spam', 'alive'],
  [550, '550 5.6.0 Content rejected', 'alive'],
  [550, '550 Requested action not taken', 'unknown'],
  [554, '554 5.4.4 Unable to route', 'unknown'],
];

describe('readReply', () => {
  it.each(REPLIES)('%i %s: the address is %s', (replyCode, text, address) => {
    expect(readReply({ replyCode, text }).address).toBe(address);
  });

  it('reads a DSN Status field with its Diagnostic-Code, and wording without a code', () => {
    expect(readReply({ status: '5.1.1', text: 'smtp; 550 mailbox unavailable' })).toMatchObject({ status: '5.1.1', class: '5', address: 'gone' });
    expect(readReply({ status: '4.4.7', text: '' })).toMatchObject({ class: '4', address: 'alive' });
    expect(readReply({ text: 'The email account that you tried to reach does not exist.' })).toMatchObject({ class: undefined, address: 'gone' });
    expect(readReply({ text: 'mailbox is full: retry timeout exceeded' })).toMatchObject({ mailboxFull: true, address: 'alive' });
  });
});

// Issue #25: a reply means the same at send time and in a bounce days later.
describe('the sender and the bounce reader agree', () => {
  it.each(REPLIES)('%i %s', (responseCode, response) => {
    const atSend = classifySmtpError({ responseCode, response });
    const later = bounceSeverity({ action: 'failed', status: findStatus(response), diagnostic: response });
    expect(atSend === 'bounce').toBe(later === 'permanent');
  });
});
