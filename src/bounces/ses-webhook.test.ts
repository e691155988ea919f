import { beforeAll, describe, expect, it } from 'vitest';
import { createSnsSigner, type SnsSigner } from '../testing/sns-signer.fs.ts';
import { handleSesWebhook, type SesWebhookDeps } from './ses-webhook.ts';
import type { SnsMessage } from './sns.ts';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:tips-ses-feedback';
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123.pem';
let signer: SnsSigner;
let cert: string;
let now: Date;

beforeAll(() => {
  signer = createSnsSigner();
  ({ cert, validAt: now } = signer);
});

const signed = (fields: Omit<SnsMessage, 'Signature'>): SnsMessage => signer.sign(fields);

const bounce = () =>
  signed({
    Type: 'Notification',
    MessageId: 'm-1',
    TopicArn: TOPIC,
    Message: JSON.stringify({ notificationType: 'Bounce', mail: { messageId: 'ses-1' }, bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'a@example.com' }] } }),
    Timestamp: now.toISOString(),
    SignatureVersion: '2',
    SigningCertURL: CERT_URL,
  });

function deps(overrides: Partial<SesWebhookDeps> = {}) {
  const log: string[] = [];
  return {
    log,
    deps: {
      fetchCertificate: async () => cert,
      confirmSubscription: async () => undefined,
      topicArns: [TOPIC],
      apply: async () => ({ kind: 'unverified', reason: 'test' }) as const,
      now: () => now,
      log: (line: string) => void log.push(line),
      ...overrides,
    } satisfies SesWebhookDeps,
  };
}

const post = (body: unknown) => new Request('http://localhost/webhooks/ses/', { method: 'POST', body: JSON.stringify(body) });

describe('POST /webhooks/ses', () => {
  it('refuses everything until SES_SNS_TOPIC_ARNS names a topic, and anything but POST', async () => {
    const { deps: noTopics, log } = deps({ topicArns: [] });
    const refused = await handleSesWebhook(post(bounce()), noTopics);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('Refused: this webhook accepts no SNS topic yet (SES_SNS_TOPIC_ARNS is not set).\n');
    expect(log).toEqual(['A POST to /webhooks/ses was refused: SES_SNS_TOPIC_ARNS is not set, so no topic is accepted.']);
    const get = await handleSesWebhook(new Request('http://localhost/webhooks/ses/'), deps().deps);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers 500 without details when the event cannot be recorded, so SNS delivers it again', async () => {
    const { deps: failing, log } = deps({ apply: async () => { throw new Error('database is locked'); } });
    const response = await handleSesWebhook(post(bounce()), failing);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Not recorded; deliver it again later.\n');
    expect(log).toEqual(['SES notification m-1 could not be recorded (SNS will deliver it again): database is locked']);
  });

  it('answers 502 when the SubscribeURL cannot be fetched, and logs what to do', async () => {
    const { deps: failing, log } = deps({ confirmSubscription: async () => { throw new Error('The SNS SubscribeURL answered 403'); } });
    const confirmation = signed({
      Type: 'SubscriptionConfirmation', MessageId: 'c-1', Token: 't', TopicArn: TOPIC, Message: 'confirm', SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t',
      Timestamp: now.toISOString(), SignatureVersion: '2', SigningCertURL: CERT_URL,
    });
    const response = await handleSesWebhook(post(confirmation), failing);
    expect(response.status).toBe(502);
    expect(log[0]).toBe(`The SNS subscription to ${TOPIC} could not be confirmed: The SNS SubscribeURL answered 403. In the SNS console, select the subscription and choose "Request confirmation" to try again.`);
  });

  it('reports an event it could not tie to a delivery, changing nothing', async () => {
    const response = await handleSesWebhook(post(bounce()), deps().deps);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('unverified: hard bounce not tied to one of our messages (test); nothing changed\n');
  });
});
