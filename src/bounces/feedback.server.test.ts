/**
 * Bounces and complaints end to end, with the built server running in this process (so the SNS certificate
 * fetch can be our own), a real SQLite file and a real SMTP server. VERP: every envelope sender is the
 * subscriber's signed address. SES webhook: signed notifications are applied once; unsigned, forged,
 * replayed and foreign ones are refused. Slow: builds the fixture site once.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { main as bouncesMain } from './cli.ts';
import { main as sendMain } from '../sending/cli.ts';
import { main as serve, type RunningServer } from '../server/serve-cli.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import { freePort } from '../testing/app-server.fs.ts';
import { projectRoot, type SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { createSnsSigner, type SnsSigner } from '../testing/sns-signer.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { verpSecret } from './bounce-signing.ts';
import type { SnsMessage } from './sns.ts';
import { verpAddress } from './verp.ts';
import { TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY as SUPPRESSION_KEY } from '../testing/secrets.ts';

const BOUNCE_ADDRESS = 'bounces@tips.example.com';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:tips-ses-feedback';
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem';
const SUBSCRIBE_URL = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`;
const sesFixture = (name: string) => JSON.parse(readFileSync(join(projectRoot, 'src/testing/fixtures/bounces/ses', name), 'utf8')) as Record<string, any>;

let build: SiteBuild;
let smtp: SmtpSink;
let server: RunningServer;
let dir: string;
let env: Record<string, string>;
let db: Database;
let store: SubscriberStore;
let sns: SnsSigner;
let attackerKey: string;
const certificateRequests: string[] = [];
const subscribeRequests: string[] = [];

beforeAll(async () => {
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  dir = mkdtempSync(join(tmpdir(), 'totw-feedback-'));
  sns = createSnsSigner();
  attackerKey = sns.otherKey;
  smtp = await startSmtpSink();
  const port = await freePort();
  env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: `file:${join(dir, 'tips.db')}`,
    SUBSCRIPTION_SECRET: SECRET,
    SUPPRESSION_KEY,
    SMTP_URL: smtp.url,
    BOUNCE_ADDRESS,
    SES_SNS_TOPIC_ARNS: TOPIC,
  };
  server = await serve(env, build.root, () => undefined, {
    fetchCertificate: async (url) => {
      certificateRequests.push(url);
      return sns.cert;
    },
    confirmSubscription: async (url) => {
      subscribeRequests.push(url);
    },
  });
  db = await openDatabase(env['DATABASE_URL']!);
  store = createSubscriberStore(db, { suppressionKey: SUPPRESSION_KEY });
});
afterAll(async () => {
  await db?.close();
  await server?.close();
  await smtp?.close();
  build?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const verpOf = (subscriberId: number) => verpAddress(BOUNCE_ADDRESS, subscriberId, verpSecret(SECRET));

const sign = (message: Omit<SnsMessage, 'Signature'>, signingKey?: string): SnsMessage => sns.sign(message, signingKey);

let counter = 0;
function notification(payload: unknown, overrides: Partial<SnsMessage> = {}, signingKey?: string): SnsMessage {
  return sign(
    {
      Type: 'Notification',
      MessageId: `4d1c5e5a-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
      TopicArn: TOPIC,
      Message: JSON.stringify(payload),
      Timestamp: new Date().toISOString(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
      UnsubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:ab12`,
      ...overrides,
    },
    signingKey,
  );
}

const postSns = (body: unknown) =>
  fetch(`${server.url}webhooks/ses`, {
    method: 'POST',
    // SNS does not follow redirects: the URL must answer as it is.
    redirect: 'manual',
    // What SNS sends: JSON as text/plain, no Origin.
    headers: { 'Content-Type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** An SES notification about the message we sent to `recipient` (its Message-ID as the sink saw it). */
function sesAbout(kind: 'bounce' | 'complaint', recipient: string, messageId: string, feedbackId: string) {
  const payload = sesFixture(kind === 'bounce' ? 'bounce-permanent.json' : 'complaint.json');
  payload['mail'].headers = [{ name: 'Message-ID', value: messageId }];
  payload['mail'].commonHeaders.messageId = messageId;
  payload['mail'].destination = [recipient];
  if (kind === 'bounce') {
    payload['bounce'].bouncedRecipients[0].emailAddress = recipient;
    payload['bounce'].feedbackId = feedbackId;
  } else {
    payload['complaint'].complainedRecipients = [{ emailAddress: recipient }];
    payload['complaint'].feedbackId = feedbackId;
  }
  return payload;
}

/** Signs `email` up through the form and confirms it with the link in its confirmation, as a reader does. */
async function subscribeAndConfirm(email: string) {
  const origin = server.url.replace(/\/$/, '');
  const before = smtp.messages.filter((m) => m.to.includes(email)).length;
  const response = await fetch(`${server.url}subscribe/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ email, firstName: '', form: 'test', website: '' }).toString(),
  });
  expect(response.status).toBe(200);
  await smtp.waitFor((messages) => messages.filter((m) => m.to.includes(email)).length === before + 1);
  const confirmation = smtp.messages.filter((m) => m.to.includes(email)).at(-1)!;
  const link = /http:\/\/127\.0\.0\.1:\d+\/confirm\/\?token=[\w.-]+/.exec(confirmation.mail.text ?? '')![0];
  const token = new URL(link).searchParams.get('token')!;
  const confirmed = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin }, body: new URLSearchParams({ token }).toString() });
  expect(confirmed.status).toBe(200);
  await smtp.waitFor((messages) => messages.filter((m) => m.to.includes(email)).length === before + 2);
  return { confirmation, welcome: smtp.messages.filter((m) => m.to.includes(email)).at(-1)! };
}

/** An ARF abuse report as a stranger can write one: it names `recipient` and quotes `messageId`, and carries no VERP token. */
function forgedComplaint(recipient: string, messageId: string, n: number): string {
  return [
    'From: abuse@feedback.evil.test',
    'To: bounces@tips.example.com',
    `Message-ID: <forged-${n}@evil.test>`,
    'Subject: Abuse report',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
    '',
    '--arf',
    'Content-Type: text/plain',
    '',
    'This is an email abuse report.',
    '--arf',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: forged/1.0',
    'Version: 1',
    `Original-Rcpt-To: ${recipient}`,
    '',
    '--arf',
    'Content-Type: text/rfc822-headers',
    '',
    'From: "Tip of the Week" <editor@tips.example.com>',
    `To: ${recipient}`,
    `Message-ID: ${messageId}`,
    'Subject: Welcome to Tip of the Week',
    '',
    '--arf--',
    '',
  ].join('\r\n');
}

async function runBounces(messages: string[]) {
  let out = '';
  const mbox = messages.map((m, i) => `From abuse@feedback.evil.test Fri Dec  4 10:0${i % 10}:00 2026\n${m.replaceAll('\r\n', '\n')}\n`).join('');
  const code = await bouncesMain(['-'], env, { out: (t) => void (out += t), err: (t) => void (out += t), stdin: (async function* () { yield mbox; })(), now: () => new Date() });
  return { code, out };
}

describe('bounces and complaints with the server running (SQLite + SMTP)', () => {
  it('sends the confirmation, the welcome and every issue copy from the subscriber’s signed VERP address', async () => {
    const response = await fetch(`${server.url}subscribe/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url.replace(/\/$/, '') },
      body: new URLSearchParams({ email: 'verp.reader@example.com', firstName: '', form: 'test', website: '' }).toString(),
    });
    expect(response.status).toBe(200);
    await smtp.waitFor((messages) => messages.some((m) => m.to.includes('verp.reader@example.com')));
    const reader = (await store.byEmail('verp.reader@example.com'))!;
    const confirmation = smtp.messages.find((m) => m.to.includes('verp.reader@example.com'))!;
    expect(confirmation.mailFrom).toBe(verpOf(reader.id));
    expect(confirmation.mailFrom).toMatch(/^bounces\+[0-9a-z]+-[a-z2-7]{16}@tips\.example\.com$/);
    // The From header is unchanged: VERP changes only where bounces go.
    expect(confirmation.mail.from).toEqual({ name: 'Tip of the Week', address: 'editor@tips.example.com' });
    const link = /http:\/\/127\.0\.0\.1:\d+\/confirm\/\?token=[\w.-]+/.exec(confirmation.mail.text ?? '')![0];
    const confirmed = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: new URL(link).searchParams.get('token')! }).toString() });
    expect(confirmed.status).toBe(200);
    await smtp.waitFor((messages) => messages.filter((m) => m.to.includes('verp.reader@example.com')).length === 2);
    const welcome = smtp.messages.filter((m) => m.to.includes('verp.reader@example.com'))[1]!;
    expect(welcome.mail.subject).toBe('Welcome to Tip of the Week');
    expect(welcome.mailFrom).toBe(verpOf(reader.id));

    await store.importConfirmed([{ email: 'one@example.com', firstName: undefined }, { email: 'two@example.com', firstName: undefined }], 'test', new Date());
    const sent = await send();
    expect(sent.code).toBe(0);
    for (const email of ['one@example.com', 'two@example.com']) {
      const copy = smtp.messages.find((m) => m.to.includes(email) && m.mail.subject?.startsWith('Tip of the Week #1'))!;
      expect(copy.mailFrom).toBe(verpOf((await store.byEmail(email))!.id));
    }
  });

  it('confirms the SNS subscription by fetching its SubscribeURL', async () => {
    const confirmation = sign({
      Type: 'SubscriptionConfirmation',
      MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
      Token: '2336412f37',
      TopicArn: TOPIC,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: SUBSCRIBE_URL,
      Timestamp: new Date().toISOString(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
    });
    const response = await postSns(confirmation);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Subscription confirmed.\n');
    expect(subscribeRequests).toEqual([SUBSCRIBE_URL]);
    expect(certificateRequests).toContain(CERT_URL);
  });

  it('refuses unsigned, forged, replayed, foreign and non-JSON messages with 403 or 400 and a short reason', async () => {
    await ensureSent();
    const target = await sentTo('one@example.com');
    const payload = sesAbout('bounce', 'one@example.com', target.messageId, 'forged-feedback-1');
    const { Signature: _drop, ...unsigned } = notification(payload);
    const refusals: [unknown, number, string][] = [
      [unsigned, 403, 'Refused: not an SNS message: missing field Signature.\n'],
      [notification(payload, {}, attackerKey), 403, 'Refused: signature does not match the message.\n'],
      [notification(payload, { Timestamp: new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString() }), 403, 'is older than 3600 s (replay?).\n'],
      [notification(payload, { TopicArn: 'arn:aws:sns:eu-west-1:999999999999:someone-else' }), 403, 'Refused: TopicArn arn:aws:sns:eu-west-1:999999999999:someone-else is not one this webhook accepts.\n'],
      [notification(payload, { SigningCertURL: 'https://attacker.example.com/cert.pem' }), 403, 'Refused: SigningCertURL host attacker.example.com is not sns.<region>.amazonaws.com.\n'],
      ['{not json', 400, 'Refused: the body is not JSON.\n'],
    ];
    for (const [body, status, text] of refusals) {
      const response = await postSns(body);
      expect(response.status).toBe(status);
      expect(await response.text()).toContain(text);
    }
    // A body past the cap is refused before it is read whole.
    expect((await postSns('x'.repeat(300 * 1024))).status).toBe(413);
    expect((await store.byEmail('one@example.com'))?.status).toBe('confirmed');
    expect(await db.get('SELECT COUNT(*) AS n FROM feedback_events')).toEqual({ n: 0 });
  });

  it('applies a Permanent bounce once however often SNS delivers it, and a Complaint unsubscribes and suppresses', async () => {
    await ensureSent();
    const one = await sentTo('one@example.com');
    const bounce = notification(sesAbout('bounce', 'one@example.com', one.messageId, 'bounce-feedback-1'));
    const first = await postSns(bounce);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(`applied: hard bounce for subscriber ${one.subscriberId}, issue #1: no more mail to this address\n`);
    expect((await store.byEmail('one@example.com'))?.status).toBe('bounced');
    // SNS retries; a replay within the window is the same event.
    const again = await postSns(bounce);
    expect(await again.text()).toBe('duplicate: this hard bounce was recorded before; nothing changed\n');
    const redelivered = await postSns(notification(sesAbout('bounce', 'one@example.com', one.messageId, 'bounce-feedback-1')));
    expect(await redelivered.text()).toBe('duplicate: this hard bounce was recorded before; nothing changed\n');
    expect(await db.get(`SELECT COUNT(*) AS n FROM feedback_events WHERE kind = 'bounce'`)).toEqual({ n: 1 });

    const two = await sentTo('two@example.com');
    const complaint = await postSns(notification(sesAbout('complaint', 'two@example.com', two.messageId, 'complaint-feedback-1')));
    expect(complaint.status).toBe(200);
    expect(await complaint.text()).toBe(`applied: complaint for subscriber ${two.subscriberId}, issue #1: unsubscribed and suppressed\n`);
    expect((await store.byEmail('two@example.com'))?.status).toBe('unsubscribed');
    expect(await store.isSuppressed('two@example.com')).toBe(true);
    expect(await db.get('SELECT kind, severity, issue, source, verdict FROM feedback_events WHERE subscriber_id = ?', [two.subscriberId])).toEqual({ kind: 'complaint', severity: null, issue: 1, source: 'ses', verdict: 'complained' });
  });
});

describe('forged complaints (security review 2, finding 1)', () => {
  it('a stranger who knows a reader’s address cannot unsubscribe them by guessing, or even knowing, a Message-ID', async () => {
    const victim = await subscribeAndConfirm('victim.reader@example.org');
    const attacker = await subscribeAndConfirm('attacker@evil.test');
    const victimId = (await store.byEmail('victim.reader@example.org'))!.id;
    // The attacker reads their own Message-IDs and guesses their neighbours: the counter, the run, the host.
    const guesses = new Set<string>();
    for (const own of [attacker.confirmation.mail.messageId!, attacker.welcome.mail.messageId!]) {
      guesses.add(own);
      for (let step = -30; step <= 30; step++) guesses.add(own.replace(/\d+(?=[^\d]*@)/, (n) => String(Number(n) + step)));
    }
    for (const kind of ['confirm', 'welcome']) for (let n = 1; n <= 30; n++) guesses.add(`<${kind}.${n}@127.0.0.1>`);
    // And the strongest case: the victim's real Message-IDs leaked (a forwarded copy), still without a VERP token.
    guesses.add(victim.confirmation.mail.messageId!);
    guesses.add(victim.welcome.mail.messageId!);
    const result = await runBounces([...guesses].map((id, n) => forgedComplaint('victim.reader@example.org', id, n)));
    expect(result.code).toBe(0);
    expect(result.out).not.toContain('applied:');
    expect(result.out).toContain(`Read ${guesses.size} message(s): 0 applied, 0 duplicate, 0 ignored, ${guesses.size} unverified, 0 skipped, 0 failed.`);
    expect((await store.byEmail('victim.reader@example.org'))?.status).toBe('confirmed');
    expect(await store.isSuppressed('victim.reader@example.org')).toBe(false);
    expect(await db.get('SELECT COUNT(*) AS n FROM feedback_events WHERE subscriber_id = ?', [victimId])).toEqual({ n: 0 });
    // Our Message-IDs carry 128 random bits: nothing in one tells the next.
    expect(victim.welcome.mail.messageId).toMatch(/^<welcome\.\d+\.[0-9a-f]{32}@127\.0\.0\.1>$/);
  });

  it('the same complaint through the reader’s own VERP address is applied: the defence refuses forgeries, not reports', async () => {
    const reader = await subscribeAndConfirm('real.complainer@example.net');
    const id = (await store.byEmail('real.complainer@example.net'))!.id;
    const genuine = forgedComplaint('real.complainer@example.net', reader.welcome.mail.messageId!, 900).replace('To: bounces@tips.example.com', `To: ${verpOf(id)}`);
    const result = await runBounces([genuine]);
    expect(result.out).toContain(`applied: complaint for subscriber ${id}: unsubscribed and suppressed`);
    expect(await store.isSuppressed('real.complainer@example.net')).toBe(true);
  });
});

async function send() {
  let out = '';
  // The issue is sent as built (for the fixture's URL): send refuses a SITE_URL the emails were not built for.
  const { SITE_URL: _, ...sendEnv } = env;
  const code = await sendMain(['--issue', '1', '--yes'], sendEnv, build.root, {
    out: (t) => void (out += t),
    err: (t) => void (out += t),
    isTTY: false,
    confirm: async () => false,
    signal: new AbortController().signal,
    now: () => new Date(),
  });
  return { code, out };
}

/** Each test can run alone: the issue is sent to two readers once. */
async function ensureSent() {
  if (await db.get(`SELECT 1 AS x FROM deliveries WHERE issue = 1 AND email = 'one@example.com'`)) return;
  await store.importConfirmed([{ email: 'one@example.com', firstName: undefined }, { email: 'two@example.com', firstName: undefined }], 'test', new Date());
  expect((await send()).code).toBe(0);
}

async function sentTo(email: string) {
  const copy = smtp.messages.find((m) => m.to.includes(email) && m.mail.subject?.startsWith('Tip of the Week #1'))!;
  return { messageId: copy.mail.messageId!, subscriberId: (await store.byEmail(email))!.id };
}
