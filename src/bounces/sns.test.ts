import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSnsSigner, type SnsSigner } from '../testing/sns-signer.fs.ts';
import { SNS_CERTIFICATE_CACHE_SIZE, SNS_MAX_AGE_MS, SNS_MAX_CERTIFICATE_FETCHES, sesEvents, snsStringToSign, verifySnsMessage, type SnsMessage } from './sns.ts';

const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:tips-ses-feedback';

let signer: SnsSigner;
let cert: string;
let otherKey: string;
/** A moment inside the self-signed certificate's validity, so tests do not depend on the wall clock. */
let now: Date;

beforeAll(() => {
  signer = createSnsSigner();
  ({ cert, otherKey, validAt: now } = signer);
});

const sign = (message: Omit<SnsMessage, 'Signature'>, signingKey?: string) => signer.sign(message, signingKey);

function notification(overrides: Partial<SnsMessage> = {}, signingKey?: string): SnsMessage {
  return sign(
    {
      Type: 'Notification',
      MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      TopicArn: TOPIC,
      Subject: 'Amazon SES Email Event Notification',
      Message: JSON.stringify({ notificationType: 'Delivery', mail: {}, delivery: { recipients: [] } }),
      Timestamp: new Date(now.getTime() - 1000).toISOString(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:ab12`,
      ...overrides,
    },
    signingKey,
  );
}

/** A certificate fetcher that serves our certificate and records the URLs it was asked for. */
function fetcher() {
  const calls: string[] = [];
  const fetchCertificate = async (url: string) => {
    calls.push(url);
    return cert;
  };
  return { calls, fetchCertificate };
}

async function reasonFor(body: unknown, options: { maxAgeMs?: number; at?: Date } = {}) {
  const { calls, fetchCertificate } = fetcher();
  const result = await verifySnsMessage(body, {
    fetchCertificate,
    now: options.at ?? now,
    ...(options.maxAgeMs === undefined ? {} : { maxAgeMs: options.maxAgeMs }),
  });
  if (result.ok) throw new Error('expected the message to be refused');
  return { reason: result.reason, calls };
}

describe('verifySnsMessage', () => {
  it('accepts a notification signed with SignatureVersion 2 (SHA256withRSA) and 1 (SHA1withRSA)', async () => {
    for (const version of ['1', '2'] as const) {
      const message = notification({ SignatureVersion: version });
      const { fetchCertificate, calls } = fetcher();
      const result = await verifySnsMessage(JSON.parse(JSON.stringify(message)), { fetchCertificate, now });
      expect(result).toEqual({ ok: true, message });
      expect(calls).toEqual([CERT_URL]);
    }
  });

  it('accepts a notification without Subject (left out of the string to sign)', async () => {
    const { Subject: _, ...rest } = notification();
    const message = sign(rest);
    expect(snsStringToSign(message)).not.toContain('Subject');
    expect((await verifySnsMessage(message, { ...fetcher(), now })).ok).toBe(true);
  });

  it('builds the string to sign for confirmations from SubscribeURL and Token', async () => {
    for (const Type of ['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const) {
      const message = sign({
        Type,
        MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
        Token: '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
        TopicArn: TOPIC,
        Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
        SubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`,
        Timestamp: now.toISOString(),
        SignatureVersion: '1',
        SigningCertURL: CERT_URL,
      });
      expect(snsStringToSign(message)).toBe(
        `Message\n${message.Message}\nMessageId\n${message.MessageId}\nSubscribeURL\n${message.SubscribeURL}\n` +
          `Timestamp\n${message.Timestamp}\nToken\n${message.Token}\nTopicArn\n${TOPIC}\nType\n${Type}\n`,
      );
      expect(await verifySnsMessage(message, { ...fetcher(), now })).toEqual({ ok: true, message });
    }
  });

  it('refuses a message altered after signing', async () => {
    const message = notification();
    const forged = { ...message, Message: message.Message.replace('Delivery', 'Bounce') };
    expect((await reasonFor(forged)).reason).toBe('signature does not match the message');
    const noSubject = { ...message };
    delete noSubject.Subject;
    expect((await reasonFor(noSubject)).reason).toBe('signature does not match the message');
  });

  it('refuses a message signed with a key other than the certificate’s', async () => {
    expect((await reasonFor(notification({}, otherKey))).reason).toBe('signature does not match the message');
  });

  it('refuses unsigned and malformed bodies', async () => {
    const { Signature: _, ...unsigned } = notification();
    expect((await reasonFor(unsigned)).reason).toBe('not an SNS message: missing field Signature');
    expect((await reasonFor({ ...notification(), Signature: 'bm90IGEgc2lnbmF0dXJl' })).reason).toBe(
      'signature does not match the message',
    );
    expect((await reasonFor('{"Type":"Notification"}')).reason).toBe('not an SNS message: body is not a JSON object');
    expect((await reasonFor({ ...notification(), Type: 'Other' })).reason).toBe('not an SNS message: unknown Type "Other"');
    expect((await reasonFor(notification({ SignatureVersion: '3' as '2' }))).reason).toBe(
      'not an SNS message: unsupported SignatureVersion "3"',
    );
  });

  it('refuses certificate URLs that are not https on an SNS host, without fetching them', async () => {
    const cases: [string, string][] = [
      ['https://sns.us-east-1.amazonaws.com.evil.example/cert.pem', 'SigningCertURL host sns.us-east-1.amazonaws.com.evil.example is not sns.<region>.amazonaws.com'],
      ['http://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem', 'SigningCertURL is not https'],
      ['https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.txt', 'SigningCertURL path does not end in .pem'],
      ['https://sns.us-east-1.amazonaws.com/cert.pem?x=1.txt', 'SigningCertURL has a query or fragment'],
      ['https://evil.example@sns.us-east-1.amazonaws.com/cert.pem', 'SigningCertURL has a user, password or port'],
      ['https://sns.us-east-1.amazonaws.com:8443/cert.pem', 'SigningCertURL has a user, password or port'],
      ['https://s3.amazonaws.com/sns/cert.pem', 'SigningCertURL host s3.amazonaws.com is not sns.<region>.amazonaws.com'],
      ['not a url', 'SigningCertURL is not a URL'],
    ];
    for (const [url, reason] of cases) {
      const refused = await reasonFor(notification({ SigningCertURL: url }));
      expect(refused.reason, url).toBe(reason);
      expect(refused.calls).toEqual([]);
    }
  });

  it('refuses a topic it was not told to accept, when given a list', async () => {
    const { fetchCertificate } = fetcher();
    const message = notification({ TopicArn: 'arn:aws:sns:us-east-1:999999999999:someone-else' });
    expect(await verifySnsMessage(message, { fetchCertificate, now, topicArns: [TOPIC] })).toEqual({
      ok: false,
      reason: 'TopicArn arn:aws:sns:us-east-1:999999999999:someone-else is not one this webhook accepts',
    });
    expect((await verifySnsMessage(notification(), { fetchCertificate, now, topicArns: [TOPIC] })).ok).toBe(true);
  });

  it('accepts the China partition host', async () => {
    const url = 'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-3250158c6506d40628c5b71a1ae36c5a.pem';
    expect((await verifySnsMessage(notification({ SigningCertURL: url }), { ...fetcher(), now })).ok).toBe(true);
  });

  it('refuses a confirmation whose SubscribeURL points off SNS', async () => {
    const message = sign({
      Type: 'SubscriptionConfirmation',
      MessageId: 'm',
      Token: 't',
      TopicArn: TOPIC,
      Message: 'confirm',
      SubscribeURL: 'https://attacker.example/?Action=ConfirmSubscription',
      Timestamp: now.toISOString(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
    });
    expect((await reasonFor(message)).reason).toBe('SubscribeURL host attacker.example is not sns.<region>.amazonaws.com');
  });

  it('refuses replays: a Timestamp older than the window, or too far in the future', async () => {
    const old = notification({ Timestamp: new Date(now.getTime() - SNS_MAX_AGE_MS - 1000).toISOString() });
    expect((await reasonFor(old)).reason).toBe(`Timestamp ${old.Timestamp} is older than 3600 s (replay?)`);
    const recent = notification({ Timestamp: new Date(now.getTime() - 5 * 60 * 1000).toISOString() });
    expect((await reasonFor(recent, { maxAgeMs: 60_000 })).reason).toBe(`Timestamp ${recent.Timestamp} is older than 60 s (replay?)`);
    const future = notification({ Timestamp: new Date(now.getTime() + 6 * 60 * 1000).toISOString() });
    expect((await reasonFor(future)).reason).toBe(`Timestamp ${future.Timestamp} is in the future`);
    const skewed = notification({ Timestamp: new Date(now.getTime() + 4 * 60 * 1000).toISOString() });
    expect((await verifySnsMessage(skewed, { ...fetcher(), now })).ok).toBe(true);
  });

  it('refuses when the certificate is expired at the given time', async () => {
    const later = new Date(now.getTime() + 3 * 24 * 60 * 60 * 1000);
    const message = notification({ Timestamp: later.toISOString() });
    expect((await reasonFor(message, { at: later })).reason).toMatch(/^signing certificate is not valid now \(valid .+ to .+\)$/);
  });

  it('caches certificates by URL and retries a failed fetch', async () => {
    const { calls, fetchCertificate } = fetcher();
    await verifySnsMessage(notification(), { fetchCertificate, now });
    await verifySnsMessage(notification({ MessageId: 'another' }), { fetchCertificate, now });
    expect(calls).toEqual([CERT_URL]);

    let attempts = 0;
    const flaky = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('connect ECONNREFUSED');
      return cert;
    };
    expect(await verifySnsMessage(notification(), { fetchCertificate: flaky, now })).toEqual({
      ok: false,
      reason: 'cannot load the signing certificate: connect ECONNREFUSED',
    });
    expect((await verifySnsMessage(notification(), { fetchCertificate: flaky, now })).ok).toBe(true);
    expect(attempts).toBe(2);
  });

  // Security review 2, item 5: distinct spellings of one URL each fetched and kept the certificate forever.
  it('refuses a SigningCertURL that is not in canonical form, without fetching it', async () => {
    const spellings = [
      'https://sns.us-east-1.amazonaws.com/a/../SimpleNotificationService-1.pem',
      'https://sns.us-east-1.amazonaws.com/%2e%2e/SimpleNotificationService-1.pem',
      'https://sns.us-east-1.amazonaws.com/Simple\tNotificationService-1.pem',
      'https://SNS.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-1.pem',
    ];
    for (const url of spellings) {
      const refused = await reasonFor(notification({ SigningCertURL: url }));
      expect(refused.reason, url).toBe('SigningCertURL is not in canonical form (SNS sends it normalised)');
      expect(refused.calls).toEqual([]);
    }
  });

  it(`keeps at most ${SNS_CERTIFICATE_CACHE_SIZE} certificates, dropping the least recently used`, async () => {
    const { calls, fetchCertificate } = fetcher();
    const urlFor = (n: number) => `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-${n}.pem`;
    const verify = async (n: number) => expect((await verifySnsMessage(notification({ SigningCertURL: urlFor(n) }), { fetchCertificate, now })).ok).toBe(true);
    for (let n = 0; n < SNS_CERTIFICATE_CACHE_SIZE; n++) await verify(n);
    await verify(0); // used again: now the most recent
    await verify(SNS_CERTIFICATE_CACHE_SIZE); // one more: certificate 1 goes
    calls.length = 0;
    await verify(0);
    await verify(1);
    expect(calls).toEqual([urlFor(1)]);
  });

  it(`fetches at most ${SNS_MAX_CERTIFICATE_FETCHES} certificates at once and refuses the rest`, async () => {
    const pending: (() => void)[] = [];
    const slow = (_url: string) => new Promise<string>((resolve) => pending.push(() => resolve(cert)));
    const urlFor = (n: number) => `https://sns.us-east-1.amazonaws.com/SimpleNotificationService-slow-${n}.pem`;
    const running = Array.from({ length: SNS_MAX_CERTIFICATE_FETCHES }, (_, n) => verifySnsMessage(notification({ SigningCertURL: urlFor(n) }), { fetchCertificate: slow, now }));
    expect(await verifySnsMessage(notification({ SigningCertURL: urlFor(99) }), { fetchCertificate: slow, now })).toEqual({
      ok: false,
      reason: 'too many signing certificates are being fetched at once; SNS delivers the message again later',
    });
    expect(pending).toHaveLength(SNS_MAX_CERTIFICATE_FETCHES);
    for (const release of pending) release();
    expect((await Promise.all(running)).every((result) => result.ok)).toBe(true);
    // The slots are free again.
    const later = verifySnsMessage(notification({ SigningCertURL: urlFor(99) }), { fetchCertificate: slow, now });
    expect(pending).toHaveLength(SNS_MAX_CERTIFICATE_FETCHES + 1);
    pending.at(-1)!();
    expect((await later).ok).toBe(true);
  });
});

const sesFixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../testing/fixtures/bounces/ses/${name}`, import.meta.url)), 'utf8');

function sesNotification(message: string, messageId = 'sns-1'): SnsMessage {
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: TOPIC,
    Message: message,
    Timestamp: '2026-11-23T15:00:00.000Z',
    SignatureVersion: '2',
    Signature: '',
    SigningCertURL: CERT_URL,
  };
}

describe('sesEvents', () => {
  it('maps a permanent bounce, with our Message-ID from the kept headers and SES’s message id', () => {
    expect(sesEvents(sesNotification(sesFixture('bounce-permanent.json')))).toEqual([
      {
        kind: 'bounce',
        severity: 'permanent',
        recipient: 'no-such-reader@example.net',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <no-such-reader@example.net>... User unknown',
        at: new Date('2026-11-23T14:59:38.237Z'),
        messageId: 'tip-2026-47.42@example.com',
        providerMessageId: '0100019a6f1b2a11-9c0ffee0-1234-4abc-9def-0123456789ab-000000',
        source: 'ses',
        eventId: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it('maps a transient bounce from event publishing (eventType), reading a display-name address', () => {
    expect(sesEvents(sesNotification(sesFixture('bounce-transient-event.json')))).toMatchObject([
      {
        kind: 'bounce',
        severity: 'transient',
        recipient: 'busy.reader@example.org',
        status: '5.2.2',
        diagnostic: '552 5.2.2 Mailbox full quota exceeded',
        messageId: 'tip-2026-47.48@example.com',
        source: 'ses',
      },
    ]);
  });

  it('reads an Undetermined bounce by its status like any reply: hard only when the address is gone', () => {
    const undetermined = sesFixture('bounce-permanent.json').replace('"Permanent"', '"Undetermined"');
    expect(sesEvents(sesNotification(undetermined))).toMatchObject([{ kind: 'bounce', severity: 'permanent' }]);
    const unclear = undetermined.replace('"5.1.1"', '"5.0.0"').replace('550 5.1.1 <no-such-reader@example.net>... User unknown', '550 5.0.0 rejected');
    expect(sesEvents(sesNotification(unclear))).toMatchObject([{ kind: 'bounce', severity: 'transient' }]);
  });

  it('maps a complaint, and ignores a not-spam one', () => {
    const [complaint, ...rest] = sesEvents(sesNotification(sesFixture('complaint.json')));
    expect(rest).toEqual([]);
    expect(complaint).toMatchObject({
      kind: 'complaint',
      recipient: 'annoyed.reader@example.net',
      messageId: 'tip-2026-47.51@example.com',
      at: new Date('2026-11-23T16:01:05.000Z'),
      source: 'ses',
    });
    expect(complaint?.severity).toBeUndefined();
    const notSpam = sesFixture('complaint.json').replace('"abuse"', '"not-spam"');
    expect(sesEvents(sesNotification(notSpam))).toEqual([]);
  });

  it('maps a delivery without a Message-ID header to an event with only the SES message id', () => {
    const [delivery] = sesEvents(sesNotification(sesFixture('delivery.json')));
    expect(delivery).toMatchObject({
      kind: 'delivery',
      recipient: 'happy.reader@example.org',
      providerMessageId: '0100019a6f4d5e6f-7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d-000000',
      diagnostic: '250 2.6.0 Message received',
      source: 'ses',
    });
    expect(delivery?.messageId).toBeUndefined();
  });

  it('gives the same eventId when SES feedback is delivered twice, and different ones per kind', () => {
    const bounce = sesFixture('bounce-permanent.json');
    const first = sesEvents(sesNotification(bounce, 'sns-1'));
    const again = sesEvents(sesNotification(bounce, 'sns-2'));
    expect(again[0]?.eventId).toBe(first[0]?.eventId);
    const complaint = sesEvents(sesNotification(sesFixture('complaint.json')));
    expect(complaint[0]?.eventId).not.toBe(first[0]?.eventId);
  });

  it('returns nothing for confirmations and for Messages that are not SES JSON', () => {
    expect(sesEvents({ ...sesNotification('{}'), Type: 'SubscriptionConfirmation' })).toEqual([]);
    expect(sesEvents(sesNotification('not json'))).toEqual([]);
    expect(sesEvents(sesNotification('{"notificationType":"Received"}'))).toEqual([]);
  });
});
