import { describe, expect, it } from 'vitest';
import { bounceSeverity, findStatus } from './severity.ts';

describe('findStatus', () => {
  it('finds enhanced status codes, qmail suffixes first, never pieces of IP addresses', () => {
    expect(findStatus('550 5.1.1 <a@example.org>: User unknown')).toBe('5.1.1');
    expect(findStatus('said: 550 Unknown user (#5.5.0) after 4.4.1')).toBe('5.5.0');
    expect(findStatus('host mx.example.org [192.0.2.20]: refused')).toBeUndefined();
    expect(findStatus('Status code: 550 5.1.10.')).toBe('5.1.10');
    expect(findStatus(undefined)).toBeUndefined();
  });
});

describe('bounceSeverity', () => {
  it.each([
    [{ action: 'failed', status: '5.1.1' }, 'permanent'],
    [{ action: 'failed', status: '4.4.7' }, 'transient'],
    [{ action: 'delayed', status: '5.0.0' }, 'transient'],
    [{ action: 'failed', status: '5.2.2' }, 'transient'],
    [{ action: 'failed' }, 'permanent'],
    [{ diagnostic: '552 5.7.1 over quota' }, 'transient'],
    [{ diagnostic: '550 Requested action not taken' }, 'permanent'],
    [{ diagnostic: '451 Try again later' }, 'transient'],
    [{ context: 'This is a permanent error. The following address(es) failed' }, 'permanent'],
    [{ context: 'This is a permanent error.', diagnostic: 'mailbox is full: retry timeout exceeded' }, 'transient'],
    [{ context: 'Delivery Status Notification (Delay)' }, 'transient'],
    [{}, 'transient'],
  ] as const)('%o is %s', (input, expected) => {
    expect(bounceSeverity(input)).toBe(expected);
  });
});
