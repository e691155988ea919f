/**
 * The send command with MAIL_TRANSPORT=ses against the local SES v2 emulator
 * (aws-ses-v2-local, in its own process), a real SQLite ledger and a real fixture build.
 * The AWS SDK talks to the emulator through AWS_ENDPOINT_URL with dummy credentials from
 * its usual chain (the environment). What comes from where:
 *  - the emulator: authorization check, accepting and storing each message, GetAccount
 *    (MaxSendRate, SendingEnabled);
 *  - injected by the test proxy in front of it (src/testing/ses-emulator.fs.ts), because
 *    the emulator never answers them: throttling, MessageRejected and SendingPaused, each
 *    in SES's wire format, so the SDK parses them into its own exception classes, and an
 *    answer lost on the way back.
 * The database, store and ledger come from src/testing/send-harness.fs.ts. Slow: one astro build.
 */
import { createServer } from 'node:net';
import PostalMime from 'postal-mime';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dkimTestEnv, verifyDkim } from '../testing/dkim-key.ts';
import { sendHarness } from '../testing/send-harness.fs.ts';
import { startSesEmulator, type EmulatorOptions, type SesEmulator } from '../testing/ses-emulator.fs.ts';

/** Dummy credentials: the emulator wants an AWS signature, not a valid one. */
const AWS_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const h = sendHarness('send-ses', { MAIL_TRANSPORT: 'ses', AWS_REGION: 'eu-west-1' });
const { seed, send } = h;
let emulators: SesEmulator[] = [];
/** The emulator with the default account, started once for the file and reset after each test. */
let shared: SesEmulator | undefined;

const emulator = async (options?: EmulatorOptions) => {
  if (!options) return (shared ??= await startSesEmulator());
  const e = await startSesEmulator(options);
  emulators.push(e);
  return e;
};
afterAll(() => shared?.close());

beforeEach(() => {
  // The SDK reads credentials from process.env itself (its default chain), not from the env we pass to main().
  for (const [key, value] of Object.entries(AWS_CREDENTIALS)) vi.stubEnv(key, value);
  vi.stubEnv('AWS_PROFILE', undefined);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
  await shared?.reset();
});

const perRecipient = (ses: SesEmulator) => {
  const counts = new Map<string, number>();
  for (const m of ses.accepted) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};

const delivery = (email: string) => h.db.get<{ status: string; attempts: number; response: string | null }>('SELECT status, attempts, last_response AS response FROM deliveries WHERE email = ?', [email]);

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('npm run send with MAIL_TRANSPORT=ses', () => {
  it('sends each confirmed subscriber one message with every header, at the account rate, and nothing on a second run', async () => {
    const ses = await emulator({ account: { maxSendRate: 50 } });
    const emails = await seed(12);
    const first = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url, SES_CONFIGURATION_SET: 'weekly-issue' });
    expect(first.code).toBe(0);
    expect(first.out).toContain(`Mail goes to Amazon SES (API v2, eu-west-1, endpoint ${ses.url}), configuration set weekly-issue.`);
    expect(first.out).toContain("At most 50 message(s) per second: the SES account's MaxSendRate (add --rate <n> to override it).");
    expect(first.out).toContain('Issue #1: 12 sent, 0 failed, 0 bounced, 0 skipped');
    expect([...perRecipient(ses).keys()].sort()).toEqual(emails);
    expect([...perRecipient(ses).values()].every((n) => n === 1)).toBe(true);
    expect(ses.accepted.every((m) => m.configurationSet === 'weekly-issue')).toBe(true);

    // The emulator stored every message, and the ledger holds the message ids SES gave.
    const stored = await ses.stored();
    expect(stored.map((s) => s.destination.to[0]).sort()).toEqual(emails);
    const row = await h.db.get<{ message_id: string }>('SELECT message_id FROM deliveries WHERE email = ?', ['reader001@example.com']);
    expect(stored.map((s) => `<${s.messageId}@eu-west-1.amazonses.com>`)).toContain(row?.message_id);

    const mail = await PostalMime.parse(ses.accepted.find((m) => m.to[0] === 'reader001@example.com')!.raw);
    expect(mail.subject).toBe('Tip of the Week #1: A tip that uses every component');
    expect(mail.from).toEqual({ name: 'Tip of the Week', address: 'editor@tips.example.com' });
    expect(mail.replyTo).toEqual([{ name: '', address: 'editor@tips.example.com' }]);
    const header = (key: string) => mail.headerLines.find((h) => h.key === key)?.line;
    expect(header('list-id')).toBe('List-ID: "Tip of the Week" <fixture.example>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <https:\/\/fixture\.example\/unsubscribe\/\?token=[\w.-]+>, <mailto:editor@tips\.example\.com\?subject=unsubscribe>$/);
    expect(mail.text).toContain('Hi Name1,');
    expect(mail.html).toContain('https://example.com/ten');

    const second = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url });
    expect(second.code).toBe(0);
    expect(second.out).toContain('Issue #1: 0 sent');
    expect(ses.accepted).toHaveLength(12);
  });

  it('DKIM-signs the raw message it hands to SES, list headers included', async () => {
    const ses = await emulator();
    await seed(1);
    const result = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url, ...dkimTestEnv() });
    expect(result.out).toContain('DKIM-signed for tips.example.com');
    const mail = await PostalMime.parse(ses.accepted[0]!.raw);
    const signature = mail.headerLines.find((h) => h.key === 'dkim-signature')?.line.replace(/\r?\n\s+/g, ' ') ?? '';
    expect(signature).toMatch(/d=tips\.example\.com;/);
    const signed = /[;\s]h=([^;]+);/.exec(signature)?.[1]?.toLowerCase().replace(/\s+/g, '').split(':') ?? [];
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post']));
    expect(await verifyDkim(Buffer.from(ses.accepted[0]!.raw))).toEqual(['pass']);
  });

  it('retries a throttled message after a backoff and delivers it once', async () => {
    const ses = await emulator();
    await seed(3);
    let throttled = 0;
    ses.inject(({ to }) => (to[0] === 'reader001@example.com' && throttled++ === 0 ? { status: 429, type: 'TooManyRequestsException', message: 'Too Many Requests' } : undefined));
    const result = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url });
    expect(result.code).toBe(0);
    expect(result.out).toContain('Issue #1: 3 sent, 0 failed, 0 bounced');
    expect(perRecipient(ses).get('reader001@example.com')).toBe(1);
    expect(await delivery('reader001@example.com')).toMatchObject({ attempts: 2, status: 'sent' });
    const [first, second] = ses.requests.filter((r) => r.to[0] === 'reader001@example.com');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('records a message SES rejects as failed and sends the rest', async () => {
    const ses = await emulator();
    await seed(4);
    ses.inject(({ to }) => (to[0] === 'reader002@example.com' ? { status: 400, type: 'MessageRejected', message: 'Email address is not verified. The following identities failed the check in region EU-WEST-1: editor@tips.example.com' } : undefined));
    const result = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url });
    expect(result.code).toBe(0);
    expect(result.out).toContain('Issue #1: 3 sent, 1 failed, 0 bounced');
    expect(await delivery('reader002@example.com')).toMatchObject({ status: 'failed', attempts: 1, response: 'MessageRejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: editor@tips.example.com' });
    expect((await h.store.byEmail('reader002@example.com'))?.status).toBe('confirmed');
    expect(perRecipient(ses).has('reader002@example.com')).toBe(false);
  });

  it('stops at once when SES pauses sending mid-run, keeping the rest queued for a re-run', async () => {
    const ses = await emulator();
    await seed(30);
    ses.inject(({ n }) => (n > 5 ? { status: 400, type: 'SendingPausedException', message: 'Sending is paused for this account.' } : undefined));
    const result = await send(['--issue', '1', '--yes', '--connections', '1'], { AWS_ENDPOINT_URL: ses.url });
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      `The mail service refused to send ("SendingPausedException: Sending is paused for this account."). Check the SES account's sending status in the AWS console (paused or suspended), the configuration set and the AWS credentials, then run the same command again.`,
    );
    const counts = await h.ledger.counts(1);
    expect(counts).toMatchObject({ sent: 5, failed: 0, bounced: 0, sending: 0, queued: 25 });
    // Only the messages already in flight when the pause arrived were tried; nobody was tried twice.
    expect(ses.requests.length).toBeLessThanOrEqual(5 + 4);

    ses.inject(undefined);
    const resumed = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url });
    expect(resumed.code).toBe(0);
    expect(perRecipient(ses).size).toBe(30);
    expect([...perRecipient(ses).values()].every((n) => n === 1)).toBe(true);
  });

  it('leaves a message uncertain when SES took it and its answer was lost, and never sends it twice', async () => {
    const ses = await emulator();
    await seed(4);
    ses.inject(({ to }) => (to[0] === 'reader002@example.com' ? 'lose-answer' : undefined));
    const result = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url });
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('Issue #1: 3 sent, 0 failed, 0 bounced, 0 skipped');
    expect(result.out).toContain('1 message(s) lost their connection after being handed over in full');
    expect(await delivery('reader002@example.com')).toMatchObject({ status: 'uncertain', attempts: 1 });
    // SES did store it: a retry would have been a duplicate.
    expect((await ses.stored()).filter((m) => m.destination.to[0] === 'reader002@example.com')).toHaveLength(1);
    ses.inject(undefined);
    expect((await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url })).out).toContain('Issue #1: 0 sent');
    expect(perRecipient(ses).get('reader002@example.com')).toBe(1);
  });

  it('refuses to start when the account reports sending disabled (the emulator answers GetAccount)', async () => {
    const ses = await emulator({ account: { maxSendRate: 14, sendingEnabled: false } });
    await seed(2);
    await expect(send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url })).rejects.toThrow(
      'Amazon SES reports that sending is paused for this account (GetAccount: SendingEnabled is false). Nothing was sent.',
    );
    expect(ses.requests).toHaveLength(0);
    expect(await h.ledger.counts(1)).toMatchObject({ sent: 0, queued: 0 });
  });

  it('fails fast when the SES endpoint cannot be reached: one clear line, exit 1, nothing marked', async () => {
    const port = await closedPort();
    await seed(20);
    const endpoint = `http://127.0.0.1:${port}`;
    const result = await send(['--issue', '1', '--yes', '--connections', '1'], { AWS_ENDPOINT_URL: endpoint });
    expect(result.code).toBe(1);
    expect(result.out).toContain("The SES account's MaxSendRate could not be read (connection refused (connect ECONNREFUSED");
    expect(result.out).toContain(`Cannot reach Amazon SES (API v2, eu-west-1, endpoint ${endpoint}): connection refused (connect ECONNREFUSED 127.0.0.1:${port}). Nothing more was sent; check AWS_REGION, AWS_ENDPOINT_URL (when set) and the network, then run the same command again.`);
    expect(await h.ledger.counts(1)).toMatchObject({ sent: 0, failed: 0, sending: 0, queued: 20 });
    const tried = await h.db.get<{ n: number }>('SELECT SUM(attempts) AS n FROM deliveries WHERE issue = 1');
    expect(Number(tried?.n)).toBeLessThanOrEqual(4);
  });

  it('survives kill -9: a re-run sends only what SES did not accept, and reports the in-flight ones as uncertain', async () => {
    const ses = await emulator();
    const emails = await seed(30);
    const killed = h.startSend(['--issue', '1', '--yes', '--connections', '1', '--rate', '10'], { ...AWS_CREDENTIALS, AWS_ENDPOINT_URL: ses.url });
    await ses.waitFor((m) => m.length >= 8, 20_000);
    killed.child.kill('SIGKILL');
    await killed.done;

    const resumed = await send(['--issue', '1', '--yes'], { AWS_ENDPOINT_URL: ses.url });
    expect(resumed.code).toBe(0);
    const uncertain = Number(/(\d+) message\(s\) were in flight/.exec(resumed.out)?.[1] ?? 0);
    expect(uncertain).toBeGreaterThan(0);
    // No more than were in flight: one connection's worth of requests (4).
    expect(uncertain).toBeLessThanOrEqual(4);
    const got = perRecipient(ses);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    const uncertainRows = (await h.db.all<{ email: string }>(`SELECT email FROM deliveries WHERE status = 'uncertain'`)).map((r) => r.email);
    expect(uncertainRows).toHaveLength(uncertain);
    expect(emails.filter((e) => !got.has(e)).every((e) => uncertainRows.includes(e))).toBe(true);

    const retried = await send(['--issue', '1', '--yes', '--retry-uncertain'], { AWS_ENDPOINT_URL: ses.url });
    expect(retried.code).toBe(0);
    expect(emails.every((e) => perRecipient(ses).has(e))).toBe(true);
  }, 40_000);
});
