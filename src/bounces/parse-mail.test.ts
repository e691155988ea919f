import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FeedbackEvent } from './feedback.ts';
import { parseFeedbackMail } from './parse-mail.ts';
import { readVerpToken } from './verp.ts';

const fixtures = fileURLToPath(new URL('../testing/fixtures/bounces/', import.meta.url));
const fixture = (name: string) => readFileSync(`${fixtures}${name}`);
/** The secret the fixtures' VERP tokens were made with (see the fixtures README). */
const FIXTURE_SECRET = 'fixture-verp-secret-0123456789';

async function eventsOf(raw: Buffer | string): Promise<FeedbackEvent[]> {
  const result = await parseFeedbackMail(raw);
  if (!('events' in result)) throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events;
}

async function ignoredReason(raw: Buffer | string): Promise<string> {
  const result = await parseFeedbackMail(raw);
  if (!('ignored' in result)) throw new Error(`expected ignored, got ${JSON.stringify(result)}`);
  return result.ignored;
}

type Pinned = Pick<FeedbackEvent, 'kind' | 'recipient' | 'source'> & Partial<FeedbackEvent> & { subscriberId: number };

const cases: Record<string, Pinned> = {
  'gmail-dsn.eml': {
    kind: 'bounce', severity: 'permanent', recipient: 'no-such-reader@example.net', status: '5.1.1',
    messageId: 'tip-2026-47.42@example.com', source: 'dsn', subscriberId: 42,
  },
  'outlook-office365-ndr.eml': {
    kind: 'bounce', severity: 'permanent', recipient: 'ghost.reader@example.org', status: '5.1.10',
    messageId: 'tip-2026-47.43@example.com', source: 'dsn', subscriberId: 43,
    diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
  },
  'outlook-mailbox-full-dsn.eml': {
    kind: 'bounce', severity: 'transient', recipient: 'full.reader@example.net', status: '5.2.2',
    messageId: 'tip-2026-47.44@example.com', source: 'dsn', subscriberId: 44,
    diagnostic: '550 5.2.2 <full.reader@example.net>... Mailbox Full',
  },
  'outlook-delayed-dsn.eml': {
    kind: 'bounce', severity: 'transient', recipient: 'slow.reader@example.net', status: '4.4.7',
    messageId: 'tip-2026-47.45@example.com', source: 'dsn', subscriberId: 45,
  },
  'postfix-dsn.eml': {
    kind: 'bounce', severity: 'permanent', recipient: 'forwarded.reader@example.org', status: '5.1.1',
    messageId: 'tip-2026-47.46@example.com', source: 'dsn', subscriberId: 46,
    diagnostic: 'procmail: Couldn\'t create "/var/spool/mail/r" id: r.example.org: No such user',
  },
  'exim-failed.eml': {
    kind: 'bounce', severity: 'permanent', recipient: 'gone.reader@example.org', status: '5.1.1',
    messageId: 'tip-2026-47.47@example.com', source: 'heuristic', subscriberId: 47,
    diagnostic: '550 5.1.1 <gone.reader@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
  },
  'exim-mailbox-full.eml': {
    kind: 'bounce', severity: 'transient', recipient: 'busy.reader@example.org',
    messageId: 'tip-2026-46.48@example.com', source: 'heuristic', subscriberId: 48,
    diagnostic: 'mailbox is full: retry timeout exceeded',
  },
  'qmail-failure.eml': {
    kind: 'bounce', severity: 'permanent', recipient: 'old.reader@example.net', status: '5.5.0',
    messageId: 'tip-2026-47.49@example.com', source: 'heuristic', subscriberId: 49,
  },
  'yahoo-failure-notice.eml': {
    kind: 'bounce', severity: 'permanent', recipient: 'lost.reader@example.net', status: '5.1.1',
    messageId: 'tip-2026-47.50@example.com', source: 'heuristic', subscriberId: 50,
    diagnostic: 'Remote host said: 550 5.1.1 <lost.reader@example.net>... User Unknown [RCPT_TO]',
  },
  'gmail-legacy-text.eml': {
    kind: 'bounce', severity: 'permanent', recipient: 'userunknown@example.net', status: '5.1.1',
    messageId: 'tip-2026-46.42@example.com', source: 'heuristic', subscriberId: 42,
    diagnostic: '550 5.1.1 <userunknown@example.net>... User Unknown',
  },
  'jmrp-outlook-complaint.eml': {
    kind: 'complaint', recipient: 'fed.up.reader@outlook.example.net',
    messageId: 'tip-2026-47.43@example.com', source: 'heuristic', subscriberId: 43,
  },
  'arf-yahoo-abuse.eml': {
    kind: 'complaint', recipient: 'annoyed.reader@yahoo.example.net',
    messageId: 'tip-2026-47.42@example.com', source: 'arf', subscriberId: 42,
    at: new Date('2026-11-23T23:30:01Z'),
  },
};

describe('parseFeedbackMail: real-world-shaped fixtures', () => {
  for (const [name, { subscriberId, ...expected }] of Object.entries(cases)) {
    it(`reads ${name}`, async () => {
      const events = await eventsOf(fixture(name));
      expect(events).toHaveLength(1);
      const [event] = events as [FeedbackEvent];
      expect(event).toMatchObject(expected);
      if (expected.kind === 'complaint') expect(event.severity).toBeUndefined();
      if (expected.status === undefined) expect(event.status).toBeUndefined();
      expect(event.eventId).toMatch(/^[0-9a-f]{64}$/);
      expect(event.at).toBeInstanceOf(Date);
      expect(event.diagnostic?.length ?? 0).toBeLessThanOrEqual(500);
      expect(event.diagnostic ?? '').not.toMatch(/\n/);
      expect(readVerpToken(event.verpToken ?? '', 'bounces@example.com', FIXTURE_SECRET)).toEqual({ subscriberId });
    });
  }

  it('ignores an Exchange out-of-office reply even though its text says "mailbox is full"', async () => {
    expect(await ignoredReason(fixture('out-of-office-exchange.eml'))).toBe('auto-reply (Auto-Submitted: auto-generated)');
  });

  it('gives the same eventIds when the same report is parsed twice, with or without a Message-ID', async () => {
    for (const name of ['gmail-dsn.eml', 'yahoo-failure-notice.eml', 'arf-yahoo-abuse.eml']) {
      const first = await eventsOf(fixture(name));
      const again = await eventsOf(fixture(name).toString('utf8'));
      expect(again.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    }
  });

  it('gives different eventIds to different reports about the same recipient', async () => {
    const raw = fixture('gmail-dsn.eml').toString('utf8');
    const [first] = await eventsOf(raw);
    const [second] = await eventsOf(raw.replace('<60aa91db.1c69fb81.218cf.a9fa.GMR@mx.google.com>', '<another@mx.google.com>'));
    expect(second?.recipient).toBe(first?.recipient);
    expect(second?.eventId).not.toBe(first?.eventId);
  });

  it('reads the same report with CRLF line endings', async () => {
    for (const name of Object.keys(cases)) {
      const lf = await eventsOf(fixture(name));
      const crlf = await eventsOf(fixture(name).toString('utf8').replace(/\r?\n/g, '\r\n'));
      expect(crlf.map(({ eventId: _, ...e }) => e), name).toEqual(lf.map(({ eventId: _, ...e }) => e));
    }
  });
});

const dsnHead = `From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: bounces+16-ivdyvflyimbe2c7z@example.com
Subject: Undelivered Mail Returned to Sender
Message-Id: <dsn-1@mx.example.org>
Date: Mon, 23 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

The mail system
`;

describe('parseFeedbackMail: delivery status reports', () => {
  it('gives one event per failed or delayed recipient, skipping delivered ones', async () => {
    const raw = `${dsnHead}
--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; A@example.org
Action: failed
Status: 5.1.1

Final-Recipient: rfc822; b@example.org
Action: delayed
Status: 4.7.1
Diagnostic-Code: smtp; 451 4.7.1 Greylisted, try again later

Final-Recipient: rfc822; c@example.org
Action: delivered
Status: 2.0.0
--B--
`;
    const events = await eventsOf(raw);
    expect(events.map((e) => [e.recipient, e.severity, e.status, e.diagnostic])).toEqual([
      ['a@example.org', 'permanent', '5.1.1', undefined],
      ['b@example.org', 'transient', '4.7.1', '451 4.7.1 Greylisted, try again later'],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    expect(events[0]?.messageId).toBeUndefined();
  });

  it('decodes a base64 delivery-status part', async () => {
    const status = Buffer.from('Final-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.1.2\r\n').toString('base64');
    const raw = `${dsnHead}
--B
Content-Type: message/delivery-status
Content-Transfer-Encoding: base64

${status}
--B--
`;
    expect(await eventsOf(raw)).toMatchObject([{ recipient: 'a@example.org', status: '5.1.2', severity: 'permanent' }]);
  });

  it('ignores a report whose recipients were all delivered', async () => {
    const raw = `${dsnHead}
--B
Content-Type: message/delivery-status

Final-Recipient: rfc822; c@example.org
Action: relayed
Status: 2.0.0
--B--
`;
    expect(await ignoredReason(raw)).toBe('delivery status report with no failed or delayed recipient');
  });
});

const arf = (fields: string, original: string) => `From: Feedback Loop <fbl@isp.example.net>
To: fbl@example.com
Subject: complaint
Message-ID: <arf-1@isp.example.net>
Date: Mon, 23 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="F"

--F
Content-Type: text/plain

This is an abuse report.
--F
Content-Type: message/feedback-report

${fields}
--F
Content-Type: message/rfc822

${original}
--F--
`;
const original = `Return-Path: <bounces+16-ivdyvflyimbe2c7z@example.com>
From: tips@example.com
To: Reader <Reader@example.net>
Message-ID: <tip-2026-47.42@example.com>

Tip.`;

describe('parseFeedbackMail: abuse reports', () => {
  it('falls back to the original message To when Original-Rcpt-To is missing', async () => {
    expect(await eventsOf(arf('Feedback-Type: abuse\nVersion: 1', original))).toMatchObject([
      { kind: 'complaint', recipient: 'reader@example.net', messageId: 'tip-2026-47.42@example.com', source: 'arf' },
    ]);
  });

  it('keeps a redacted complaint when the VERP token names the subscriber', async () => {
    const redacted = original.replace('To: Reader <Reader@example.net>', 'To: redacted');
    const [event] = await eventsOf(arf('Feedback-Type: fraud\nVersion: 1', redacted));
    expect(event).toMatchObject({ kind: 'complaint', recipient: '', verpToken: '16-ivdyvflyimbe2c7z' });
  });

  it('finds the VERP token where feedback loops keep it: Original-Mail-From, or the envelope-from of the original’s Received', async () => {
    const bare = original.replace('To: Reader <Reader@example.net>', 'To: redacted').replace(/^Return-Path.*\n/, '');
    const [fromField] = await eventsOf(arf('Feedback-Type: abuse\nVersion: 1\nOriginal-Mail-From: <bounces+16-ivdyvflyimbe2c7z@example.com>', bare));
    expect(fromField).toMatchObject({ kind: 'complaint', recipient: '', verpToken: '16-ivdyvflyimbe2c7z' });
    const received = `Received: from mail.example.com (mail.example.com [192.0.2.10])\n  by mx.isp.example.net with esmtps (envelope-from <bounces+16-ivdyvflyimbe2c7z@example.com>)\n  id 1abc; Mon, 23 Nov 2026 09:59:00 +0000\n${bare}`;
    const [fromReceived] = await eventsOf(arf('Feedback-Type: abuse\nVersion: 1', received));
    expect(fromReceived).toMatchObject({ verpToken: '16-ivdyvflyimbe2c7z' });
  });

  it('does not let a "+" address in the report’s own To hide the token in the original’s Return-Path', async () => {
    const report = arf('Feedback-Type: abuse\nVersion: 1', original).replace('To: fbl@example.com', 'To: fbl+yahoo@example.com');
    const [event] = await eventsOf(report);
    expect(event).toMatchObject({ verpToken: '16-ivdyvflyimbe2c7z' });
  });

  it('ignores a redacted complaint without a VERP token, saying why', async () => {
    const bare = original.replace('To: Reader <Reader@example.net>', 'To: redacted').replace(/^Return-Path.*\n/, '');
    expect(await ignoredReason(arf('Feedback-Type: abuse', bare))).toBe(
      'abuse report names no recipient (no Original-Rcpt-To, the original To is missing or redacted) and carries no VERP token',
    );
  });

  it('ignores not-spam and DMARC auth-failure reports', async () => {
    expect(await ignoredReason(arf('Feedback-Type: not-spam', original))).toBe(
      'feedback report of type not-spam: not a complaint about a recipient',
    );
    expect(await ignoredReason(arf('Feedback-Type: auth-failure', original))).toBe(
      'feedback report of type auth-failure: not a complaint about a recipient',
    );
  });
});

const plain = (headers: string, body = 'I am away until Monday.') =>
  `${headers}\nTo: bounces+16-ivdyvflyimbe2c7z@example.com\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n${body}\n`;

describe('parseFeedbackMail: auto-replies and ordinary mail', () => {
  it('ignores auto-replies by Precedence, X-Autoreply or an out-of-office subject, with the reason', async () => {
    expect(await ignoredReason(plain('From: a@example.org\nPrecedence: auto_reply\nSubject: Re: tip'))).toBe(
      'auto-reply (Precedence: auto_reply)',
    );
    expect(await ignoredReason(plain('From: a@example.org\nX-Autoreply: yes\nSubject: Re: tip'))).toBe(
      'auto-reply (x-autoreply header)',
    );
    expect(await ignoredReason(plain('From: a@example.org\nSubject: Out of Office: Tip of the week'))).toBe(
      'auto-reply (Subject: Out of Office: Tip of the week)',
    );
    expect(await ignoredReason(plain('From: a@example.org\nSubject: =?UTF-8?Q?R=C3=A9ponse_automatique=3A_tip?='))).toBe(
      'auto-reply (Subject: Réponse automatique: tip)',
    );
  });

  // Security review 2, finding 6: an issue whose subject says "could not be delivered" made every out-of-office reply a soft bounce.
  it('lets Auto-Submitted, X-Autoreply and Precedence win over a bounce-like subject', async () => {
    const body = 'I am away until Monday.\n\n> Delivery to reader@example.org could not be delivered, says our tip.';
    const subject = 'Subject: Re: Tip of the Week #9: When the parcel could not be delivered';
    expect(await ignoredReason(plain(`From: a@example.org\nAuto-Submitted: auto-replied\nX-Autoreply: yes\n${subject}`, body))).toBe('auto-reply (Auto-Submitted: auto-replied)');
    expect(await ignoredReason(plain(`From: a@example.org\nX-Autoreply: yes\n${subject}`, body))).toBe('auto-reply (x-autoreply header)');
    expect(await ignoredReason(plain(`From: a@example.org\nPrecedence: auto_reply\n${subject}`, body))).toBe('auto-reply (Precedence: auto_reply)');
    // Without such a header the subject still makes it a bounce candidate.
    expect(await eventsOf(plain(`From: a@example.org\n${subject}`, body))).toMatchObject([{ recipient: 'reader@example.org', severity: 'transient' }]);
    // A mail daemon marks its bounces Auto-Submitted too: its sender still makes it a bounce.
    expect(await eventsOf(fixture('exim-failed.eml'))).toMatchObject([{ recipient: 'gone.reader@example.org' }]);
  });

  it('ignores an out-of-office reply that mentions a full mailbox and an SMTP-looking code', async () => {
    const raw = plain(
      'From: a@example.org\nAuto-Submitted: auto-replied\nSubject: Away',
      'My mailbox is full, 550 5.2.2 they say. Write to b@example.org instead.',
    );
    expect(await ignoredReason(raw)).toBe('auto-reply (Auto-Submitted: auto-replied)');
  });

  it('ignores ordinary mail sent to the bounce address', async () => {
    expect(await ignoredReason(plain('From: a@example.org\nSubject: Question about the tip'))).toBe(
      'not a bounce or complaint: no delivery status report, no feedback report, no bounce sender or subject',
    );
  });

  it('ignores a daemon message that names no failed recipient', async () => {
    expect(await ignoredReason(plain('From: MAILER-DAEMON@mx.example.org\nSubject: Warning', 'Your queue is slow.'))).toBe(
      'looks like a bounce (from MAILER-DAEMON@mx.example.org) but names no failed recipient',
    );
  });

  it('reads a mailbox-full text bounce as transient and a user-unknown one as permanent', async () => {
    const full = await eventsOf(
      plain(
        'From: Mail Delivery Subsystem <postmaster@mx.example.org>\nSubject: Undeliverable: tip',
        'Delivery to the following recipient failed:\n\n  <reader@example.org>\n  552 5.2.2 Quota exceeded (mailbox for user is full)\n',
      ),
    );
    expect(full).toMatchObject([{ recipient: 'reader@example.org', severity: 'transient', status: '5.2.2', source: 'heuristic' }]);
    const unknown = await eventsOf(
      plain(
        'From: postmaster@mx.example.org\nSubject: Returned mail: see transcript for details',
        '----- The following addresses had permanent fatal errors -----\n<reader@example.org>\n    (reason: 550 5.1.1 <reader@example.org>... User unknown)\n',
      ),
    );
    expect(unknown).toMatchObject([{ recipient: 'reader@example.org', severity: 'permanent', status: '5.1.1' }]);
  });

  it('takes failed addresses from text bounces, not addresses mentioned in passing or delivered ones', async () => {
    const events = await eventsOf(
      plain(
        'From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender',
        [
          'For further assistance, please contact <support@isp.example.org>',
          '',
          '<r@mx.example.org> (expanded from <first@example.org>): user unknown',
          '<second@example.org>: host mx.example.org said: 550 5.1.1 No such user',
          '<third@example.org>: delivered to mailbox (2.0.0 ok)',
          'Your message to fourth@example.org couldn\'t be delivered.',
        ].join('\n'),
      ),
    );
    expect(events.map((e) => [e.recipient, e.status])).toEqual([
      ['first@example.org', undefined],
      ['second@example.org', '5.1.1'],
      ['fourth@example.org', undefined],
    ]);
  });

  // Security review 2, finding 2: two regular expressions over the whole HTML part took 125 s on this input.
  it('reads an HTML-only bounce within a size bound, however hostile its markup', async () => {
    const html = (body: string) => `From: MAILER-DAEMON@mx.evil.test\nTo: bounces@tips.example.com\nSubject: Undelivered Mail Returned to Sender\nContent-Type: text/html\n\n${body}\n`;
    expect(await ignoredReason(html('<'.repeat(400_000)))).toBe('looks like a bounce (from MAILER-DAEMON@mx.evil.test) but names no failed recipient');
    expect(await ignoredReason(html('<script'.repeat(150_000)))).toBe('looks like a bounce (from MAILER-DAEMON@mx.evil.test) but names no failed recipient');
    // The wording before the junk is still read, tags and entities made text.
    const real = `<html><head><style>p { color: red }</style><script>var x = "<a@b.c>";</script></head><body><p>Delivery to the following recipient failed permanently:</p><p><b>&lt;html.reader@example.org&gt;</b></p><p>550 5.1.1 The email account that you tried to reach does not exist.</p>${'<'.repeat(400_000)}`;
    expect(await eventsOf(html(real))).toMatchObject([{ recipient: 'html.reader@example.org', status: '5.1.1', severity: 'permanent', source: 'heuristic' }]);
    // What the heuristics scan is bounded, whatever the part's size.
    const { readFeedbackMail, TEXT_SCAN_LIMIT } = await import('./feedback-mail.ts');
    const read = await readFeedbackMail(Buffer.from(html(`<p>${'word '.repeat(200_000)}</p>`)));
    expect('mail' in read && read.mail.text.length).toBe(TEXT_SCAN_LIMIT);
  });

  // Before the scan limits, the first of these took 50 s (quadratic address matching).
  it('stays fast on hostile input: megabyte lines, giant addresses, huge attachments', { timeout: 5000 }, async () => {
    const long = 'a'.repeat(200_000);
    const daemon = (body: string) => `From: MAILER-DAEMON@mx.example.org\nSubject: failure notice\n\n${body}\n`;
    expect(await ignoredReason(daemon(`not delivered ${long}`))).toBe(
      'looks like a bounce (from MAILER-DAEMON@mx.example.org) but names no failed recipient',
    );
    expect(await ignoredReason(daemon(`${long}@${long}`))).toMatch(/^looks like a bounce/);
    expect(await ignoredReason(daemon(`undeliverable ${'a.'.repeat(100_000)}`))).toMatch(/^looks like a bounce/);
    const attachment = Buffer.alloc(4_000_000, 7).toString('base64').replace(/.{76}/g, '$&\n');
    const big = `${dsnHead}\n--B\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${attachment}\n--B\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; ${long}\n\nFinal-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.1.1\n--B--\n`;
    expect((await eventsOf(big)).map((e) => e.recipient)).toEqual(['a@example.org']);
  });
});
