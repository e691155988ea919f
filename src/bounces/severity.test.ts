import { describe, expect, it } from 'vitest';
import { bounceSeverity } from './severity.ts';

describe('bounceSeverity', () => {
  it.each([
    [{ action: 'failed', status: '5.1.1' }, 'permanent'],
    [{ action: 'failed', status: '4.4.7' }, 'transient'],
    [{ action: 'delayed', status: '5.0.0' }, 'transient'],
    [{ action: 'failed', status: '5.2.2' }, 'transient'],
    // A permanent failure that does not say the address is gone is soft: three in 30 days still stop the mail.
    [{ action: 'failed' }, 'transient'],
    [{ diagnostic: '552 5.7.1 over quota' }, 'transient'],
    [{ diagnostic: '550 Requested action not taken' }, 'transient'],
    [{ diagnostic: '550 Requested action not taken: mailbox unavailable' }, 'permanent'],
    [{ diagnostic: '451 Try again later' }, 'transient'],
    [{ context: 'This is a permanent error. The following address(es) failed' }, 'transient'],
    [{ context: 'This is a permanent error. The following address(es) failed:\n  x@example.org\n    unrouteable address' }, 'permanent'],
    [{ action: 'failed', status: '5.1.8', diagnostic: '553 5.1.8 sender address domain does not exist' }, 'transient'],
    [{ context: 'This is a permanent error.', diagnostic: 'mailbox is full: retry timeout exceeded' }, 'transient'],
    [{ context: 'Delivery Status Notification (Delay)' }, 'transient'],
    [{}, 'transient'],
  ] as const)('%o is %s', (input, expected) => {
    expect(bounceSeverity(input)).toBe(expected);
  });
});
