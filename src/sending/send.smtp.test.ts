/**
 * The send command against a real SMTP server (smtp-server) with faults injected (replies
 * by recipient; connections cut by a proxy in front of it), a real SQLite ledger and a real
 * fixture build (src/testing/send-harness.fs.ts). Slow: one astro build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dkimTestEnv, verifyDkim } from '../testing/dkim-key.ts';
import { sendHarness } from '../testing/send-harness.fs.ts';
import { startSmtpFaultProxy, type SmtpFaultProxy } from '../testing/smtp-fault-proxy.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { verifyToken } from '../subscribers/tokens.ts';
import { TEST_SECRET } from '../testing/secrets.ts';

const h = sendHarness('send');
let servers: (SmtpSink | SmtpFaultProxy)[] = [];

const sink = async (options: Parameters<typeof startSmtpSink>[0] = {}) => {
  const s = await startSmtpSink(options);
  servers.push(s);
  return s;
};
/** A sink behind a proxy that can hang up at a chosen point of a transaction. */
const faultySink = async () => {
  const smtp = await sink();
  const proxy = await startSmtpFaultProxy({ port: smtp.port });
  servers.push(proxy);
  return { smtp, proxy };
};

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const { seed, send } = h;

describe('npm run send', () => {
  it('sends each confirmed subscriber one complete message, and nothing on a second run', async () => {
    const smtp = await sink();
    const emails = await seed(25);
    await h.store.signup({ email: 'pending@example.com', firstName: undefined, at: new Date(), ip: null, userAgent: null, form: 'x', consentText: 'x' });
    const first = await send(['--issue', '1', '--yes'], { SMTP_URL: smtp.url });
    expect(first.code).toBe(0);
    expect(first.out).toContain('Issue #1: 25 sent, 0 failed, 0 bounced, 0 skipped');
    expect([...smtp.perRecipient().keys()].sort()).toEqual(emails);
    expect([...smtp.perRecipient().values()].every((n) => n === 1)).toBe(true);

    const { mail, to } = smtp.messages.find((m) => m.to[0] === 'reader001@example.com')!;
    expect(mail.subject).toBe('Tip of the Week #1: A tip that uses every component');
    expect(mail.from).toEqual({ name: 'Tip of the Week', address: 'editor@tips.example.com' });
    expect(mail.replyTo).toEqual([{ name: '', address: 'editor@tips.example.com' }]);
    expect(new Date(mail.date ?? '').getTime()).not.toBeNaN();
    expect(mail.messageId).toMatch(/^<issue-1\.\d+\.[a-z0-9]+\.[0-9a-f]{32}@fixture\.example>$/);
    // The ledger holds the Message-ID the reader got (bounces and complaints are matched by it).
    const row = await h.db.get<{ message_id: string }>('SELECT message_id FROM deliveries WHERE email = ?', ['reader001@example.com']);
    expect(row?.message_id).toBe(mail.messageId);
    const header = (key: string) => mail.headerLines.find((h) => h.key === key)?.line;
    expect(header('list-id')).toBe('List-ID: "Tip of the Week" <fixture.example>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const listUnsubscribe = /^List-Unsubscribe: <(https:\/\/fixture\.example\/unsubscribe\/\?token=([\w.-]+))>, <mailto:editor@tips\.example\.com\?subject=unsubscribe>$/.exec(header('list-unsubscribe') ?? '');
    expect(listUnsubscribe).not.toBeNull();
    const subscriber = (await h.store.byEmail(to[0]!))!;
    expect(verifyToken(TEST_SECRET, listUnsubscribe![2]!, subscriber.email, 'unsubscribe', new Date())).toMatchObject({ ok: true, claims: { subscriberId: subscriber.id } });
    expect(mail.html).toContain(`href="${listUnsubscribe![1]}"`);
    expect(mail.text).toContain(listUnsubscribe![1]);
    expect(mail.text).toContain('Hi Name1,');
    expect(mail.html).toContain('https://example.com/ten');

    const second = await send(['--issue', '1', '--yes'], { SMTP_URL: smtp.url });
    expect(second.code).toBe(0);
    expect(second.out).toContain('Issue #1: 0 sent');
    expect(smtp.messages).toHaveLength(25);
  });

  it('retries a temporary failure (4xx) and delivers once', async () => {
    const smtp = await sink();
    await seed(3);
    let refused = 0;
    smtp.onRecipient((address) => (address === 'reader001@example.com' && refused++ === 0 ? { code: 451, message: '4.3.0 Mailbox busy, try again' } : undefined));
    const result = await send(['--issue', '1', '--yes'], { SMTP_URL: smtp.url });
    expect(result.code).toBe(0);
    expect(smtp.perRecipient().get('reader001@example.com')).toBe(1);
    expect(await h.db.get('SELECT attempts, status FROM deliveries WHERE email = ?', ['reader001@example.com'])).toEqual({ attempts: 2, status: 'sent' });
  });

  it('sends again a message whose connection was lost before its data, once', async () => {
    const { smtp, proxy } = await faultySink();
    await seed(4);
    proxy.cutWhen((to, at) => at === 'before-data' && to.includes('reader002@example.com') && proxy.cuts().length === 0);
    const result = await send(['--issue', '1', '--yes', '--connections', '2'], { SMTP_URL: proxy.url });
    expect(result.code, result.out).toBe(0);
    expect(proxy.cuts()).toEqual([{ at: 'before-data', recipients: ['reader002@example.com'] }]);
    expect([...smtp.perRecipient().values()]).toEqual([1, 1, 1, 1]);
    expect(await h.db.get('SELECT status, attempts FROM deliveries WHERE email = ?', ['reader002@example.com'])).toEqual({ status: 'sent', attempts: 2 });
  });

  it('leaves a message uncertain when the connection is lost after its final "." and before the reply, and never sends it twice', async () => {
    const { smtp, proxy } = await faultySink();
    await seed(4);
    proxy.cutWhen((to, at) => at === 'after-data' && to.includes('reader002@example.com'));
    const result = await send(['--issue', '1', '--yes', '--connections', '2'], { SMTP_URL: proxy.url });
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('Issue #1: 3 sent, 0 failed, 0 bounced, 0 skipped');
    expect(result.out).toContain('1 message(s) lost their connection after being handed over in full and before the server answered: it may have accepted them, so they are marked uncertain and not re-sent.');
    // The server did take it: sending it again would have been a duplicate.
    expect(proxy.cuts()).toEqual([{ at: 'after-data', recipients: ['reader002@example.com'] }]);
    expect([...smtp.perRecipient().values()]).toEqual([1, 1, 1, 1]);
    expect(await h.db.get('SELECT status, attempts FROM deliveries WHERE email = ?', ['reader002@example.com'])).toEqual({ status: 'uncertain', attempts: 1 });
    expect((await send(['--issue', '1', '--yes'], { SMTP_URL: proxy.url })).out).toContain('Issue #1: 0 sent');
    expect(smtp.perRecipient().get('reader002@example.com')).toBe(1);
  });

  it('marks 5.1.1 as bounced and suppresses the subscriber', async () => {
    const smtp = await sink();
    await seed(3);
    smtp.onRecipient((address) => (address === 'reader000@example.com' ? { code: 550, message: '5.1.1 <reader000@example.com>: user unknown' } : undefined));
    const result = await send(['--issue', '1', '--yes'], { SMTP_URL: smtp.url });
    expect(result.out).toContain('Issue #1: 2 sent, 0 failed, 1 bounced');
    expect((await h.store.byEmail('reader000@example.com'))?.status).toBe('bounced');
  });

  it('stops after a run of policy rejections (5.7.1), marking nothing sent that was not accepted', async () => {
    const smtp = await sink();
    await seed(12);
    smtp.onRecipient(() => ({ code: 554, message: '5.7.1 Message rejected: sender blocked' }));
    const result = await send(['--issue', '1', '--yes', '--connections', '1', '--rate', '100', '--lease', '90'], { SMTP_URL: smtp.url });
    expect(result.code).toBe(1);
    expect(result.out).toContain('The server rejected 5 messages in a row for policy reasons');
    // Messages already in flight when the fifth rejection arrives finish (and fail) too.
    const counts = (await h.ledger.counts(1));
    expect(counts.failed).toBeGreaterThanOrEqual(5);
    expect(counts).toMatchObject({ sent: 0, sending: 0 });
    expect(counts.failed + counts.queued).toBe(12);
    expect(counts.queued).toBeGreaterThan(0);
    // The resume hint repeats every option the run was given.
    expect(result.out).toContain(`${counts.queued} message(s) are still pending. Run the same command again to resume: npm run send -- --issue 1 --yes --connections 1 --rate 100 --lease 90\n`);
    expect(smtp.messages).toHaveLength(0);
  });

  it('stops at once when the server refuses the credentials', async () => {
    const smtp = await sink({ auth: { user: 'right', pass: 'right' } });
    await seed(3);
    const result = await send(['--issue', '1', '--yes'], { SMTP_URL: `smtp://wrong:wrong@127.0.0.1:${smtp.port}` });
    expect(result.code).toBe(1);
    expect(result.out).toContain('The mail service refused to send ("535 5.7.8 Authentication credentials invalid"). Check the credentials in SMTP_URL');
    expect((await h.ledger.counts(1))).toMatchObject({ sent: 0, queued: 3 });
  });

  it('fails fast when the SMTP server cannot be reached: one clear line, exit 1, nothing marked', async () => {
    const closed = await sink();
    const port = closed.port;
    await closed.close();
    await seed(40);
    const result = await send(['--issue', '1', '--yes', '--connections', '1'], { SMTP_URL: `smtp://127.0.0.1:${port}` });
    expect(result.code).toBe(1);
    expect(result.out).toContain(`Cannot reach smtp://127.0.0.1:${port}: connection refused (`);
    expect(result.out).toContain('Nothing more was sent; check SMTP_URL and the network, then run the same command again.');
    expect(await h.ledger.counts(1)).toMatchObject({ sent: 0, failed: 0, sending: 0, queued: 40 });
    // It stopped at the first refusals instead of trying (and retrying) all 40 subscribers.
    const tried = await h.db.get<{ n: number }>('SELECT SUM(attempts) AS n FROM deliveries WHERE issue = 1');
    expect(Number(tried?.n)).toBeLessThanOrEqual(4);
  });

  it('fails fast when the SMTP host name does not resolve', async () => {
    await seed(10);
    const result = await send(['--issue', '1', '--yes', '--connections', '1'], { SMTP_URL: 'smtp://mail.invalid:587' });
    expect(result.code).toBe(1);
    expect(result.out).toContain('Cannot reach smtp://mail.invalid:587: the host name does not resolve (');
    expect(result.out).toContain('Nothing more was sent; check SMTP_URL and the network, then run the same command again.');
    expect(await h.ledger.counts(1)).toMatchObject({ sent: 0, failed: 0, sending: 0, queued: 10 });
  });

  it('stops mid-run after consecutive connection failures, keeping what was accepted and queuing the rest', async () => {
    const smtp = await sink({ delayMs: 20 });
    await seed(40);
    const pending = send(['--issue', '1', '--yes', '--connections', '1'], { SMTP_URL: smtp.url });
    await smtp.waitFor((m) => m.length >= 5);
    // The server goes away: open connections are told 421, new ones are refused.
    const closing = smtp.close();
    const result = await pending;
    await closing;
    expect(result.code).toBe(1);
    expect(result.out).toContain(`Cannot reach smtp://127.0.0.1:${smtp.port}: connection refused (`);
    const counts = await h.ledger.counts(1);
    expect(counts.sent).toBe(smtp.messages.length);
    expect(counts).toMatchObject({ failed: 0, bounced: 0, sending: 0, queued: 40 - counts.sent });
    expect(counts.queued).toBeGreaterThan(20);
    // It stopped after a handful of failures instead of walking (and retrying) everyone left.
    const tried = await h.db.get<{ n: number }>('SELECT SUM(attempts) AS n FROM deliveries WHERE issue = 1');
    expect(Number(tried?.n) - counts.sent).toBeLessThanOrEqual(12);
    expect([...smtp.perRecipient().values()].every((n) => n === 1)).toBe(true);
  });

  it('does not mail someone who unsubscribes during the send', async () => {
    const smtp = await sink({ delayMs: 60 });
    const emails = await seed(8);
    const pending = send(['--issue', '1', '--yes', '--connections', '1'], { SMTP_URL: smtp.url });
    await smtp.waitFor((m) => m.length >= 1);
    await h.store.unsubscribe((await h.store.byEmail(emails[7]!))!.id, new Date());
    const result = await pending;
    expect(result.out).toContain('Issue #1: 7 sent, 0 failed, 0 bounced, 1 skipped');
    expect(smtp.perRecipient().has(emails[7]!)).toBe(false);
  });

  it('stops cleanly on request, records what was in flight, and resumes without duplicates', async () => {
    const smtp = await sink({ delayMs: 40 });
    const emails = await seed(20);
    const controller = new AbortController();
    const pending = send(['--issue', '1', '--yes', '--connections', '2'], { SMTP_URL: smtp.url }, controller.signal);
    await smtp.waitFor((m) => m.length >= 4);
    controller.abort();
    const stopped = await pending;
    expect(stopped.code).toBe(3);
    expect(stopped.out).toContain('Stopped on request');
    expect(stopped.out).toContain('Run the same command again to resume');
    const counts = (await h.ledger.counts(1));
    expect(counts.sending).toBe(0);
    expect(counts.sent).toBe(smtp.messages.length);
    const resumed = await send(['--issue', '1', '--yes'], { SMTP_URL: smtp.url });
    expect(resumed.code).toBe(0);
    expect([...smtp.perRecipient().keys()].sort()).toEqual(emails);
    expect([...smtp.perRecipient().values()].every((n) => n === 1)).toBe(true);
  });

  it('survives kill -9: a re-run sends only what was not accepted, and reports the in-flight ones as uncertain', async () => {
    const smtp = await sink({ delayMs: 80 });
    const emails = await seed(30);
    const killed = h.startSend(['--issue', '1', '--yes', '--connections', '3'], { SMTP_URL: smtp.url });
    await smtp.waitFor((m) => m.length >= 8, 20_000);
    killed.child.kill('SIGKILL');
    await killed.done;

    const resumed = await send(['--issue', '1', '--yes'], { SMTP_URL: smtp.url });
    expect(resumed.code, resumed.out).toBe(0);
    const uncertain = Number(/were in flight when a sender stopped/.test(resumed.out) ? /(\d+) message\(s\) were in flight/.exec(resumed.out)![1] : 0);
    expect(uncertain, resumed.out).toBeGreaterThan(0);
    // No more than were in flight: 3 connections, 4 messages each.
    expect(uncertain, resumed.out).toBeLessThanOrEqual(12);
    const got = smtp.perRecipient();
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    const uncertainRows = (await h.db.all<{ email: string }>(`SELECT email FROM deliveries WHERE status = 'uncertain'`)).map((r) => r.email);
    expect(uncertainRows).toHaveLength(uncertain);
    const missing = emails.filter((e) => !got.has(e));
    expect(missing.every((e) => uncertainRows.includes(e))).toBe(true);

    const retried = await send(['--issue', '1', '--yes', '--retry-uncertain'], { SMTP_URL: smtp.url });
    expect(retried.code).toBe(0);
    expect(emails.every((e) => smtp.perRecipient().has(e))).toBe(true);
  }, 40_000);

  it('refuses future and draft issues, a stale build, and sending without --yes from a script', async () => {
    await seed(1);
    await expect(send(['--issue', '2', '--yes'])).rejects.toThrow('Issue #2 is scheduled for 2099-01-05; it is not sent before its day. Add --force to send it anyway.');
    await expect(send(['--issue', '3', '--yes'])).rejects.toThrow('Issue #3 is a draft');
    await expect(send(['--issue', '1'])).rejects.toThrow('Refusing to send without confirmation: add --yes');
    const due = await send(['--issue', 'due', '--yes']);
    expect(due.out).toContain('Issue #1: 1 sent');
    expect((await send(['--issue', 'due', '--yes'])).out).toBe('Nothing is due: issue #1, the newest published issue, has been sent.\n');
  });

  it('dry run shows the plan and writes a sample, sending and recording nothing; --to sends one unrecorded test copy', async () => {
    const smtp = await sink();
    await seed(5);
    await h.store.signup({ email: 'pending@example.com', firstName: undefined, at: new Date(), ip: null, userAgent: null, form: 'x', consentText: 'x' });
    await h.store.unsubscribe((await h.store.byEmail('reader004@example.com'))!.id, new Date());
    await h.store.erase('reader003@example.com', new Date());
    // An earlier run sent to one reader.
    await h.ledger.plan(1, new Date());
    const [first] = await h.ledger.claimBatch(1, 'earlier:1:a', 1, new Date(Date.now() + 60_000), new Date());
    await h.ledger.markSending(1, first!.subscriberId, 'earlier:1:a', new Date());
    await h.ledger.markSent(1, [{ subscriberId: first!.subscriberId, messageId: '<x@y>', response: '250 ok' }], new Date());
    await h.ledger.releaseClaims(1, 'earlier:1:a', new Date());
    const before = await h.ledger.counts(1);

    const dry = await send(['--issue', '1', '--dry-run', '--rate', '7'], { SMTP_URL: smtp.url });
    expect(dry.code).toBe(0);
    const samplePath = join(h.build.root, 'build/email/preview/dry-run-issue-1.eml');
    expect(dry.out).toBe(
      [
        'Dry run: nothing sent. Issue #1 (2026-01-05) as `npm run send` would send it now:',
        '  Subject     Tip of the Week #1: A tip that uses every component',
        '  From        "Tip of the Week" <editor@tips.example.com>',
        '  Reply-To    editor@tips.example.com',
        '  Links to    https://fixture.example/ (unsubscribe links and List-Unsubscribe)',
        '  Recipients  2 to send now, of 3 confirmed; earlier runs of this issue: 1 sent, 0 handled otherwise (failed, bounced, skipped, uncertain)',
        '              not mailed: 1 pending confirmation, 1 unsubscribed, 0 bounced; 1 address(es) on the suppression list',
        `  Transport   smtp://127.0.0.1:${smtp.port}`,
        '  Rate        At most 7 message(s) per second (--rate).',
        `  Sample      a message for reader000@example.com is in ${samplePath} (${dry.out.match(/\((\d+\.\d) KB\)/)?.[1]} KB)`,
        // The fixture keeps the sample settings: the plan says what the real send would refuse in production.
        '  Warning     the site URL https://fixture.example/ is a sample address: set SITE_URL (or url in src/config/site.ts) before going live (production refuses it)',
        '  Warning     From "Tip of the Week" <editor@tips.example.com> is a sample address: set MAIL_FROM (or editor.email in src/config/site.ts) before going live (production refuses it)',
        '  Warning     Reply-To editor@tips.example.com is a sample address: set REPLY_TO (or editor.email in src/config/site.ts) before going live (production refuses it)',
        '  Warning     the postal address "Tip of the Week, 100 Example Street, Suite 4, Springfield, OR 97477, USA" is the sample one: set POSTAL_ADDRESS (or postalAddress in src/config/site.ts) before going live (production refuses it)',
        '',
      ].join('\n'),
    );
    expect(existsSync(samplePath)).toBe(true);
    expect(await h.ledger.counts(1)).toEqual(before);
    expect(smtp.messages).toHaveLength(0);

    const test = await send(['--issue', '1', '--to', 'editor@example.org'], { SMTP_URL: smtp.url });
    expect(test.out).toContain('Test copy of issue #1 sent to editor@example.org');
    expect(smtp.messages.map((m) => [m.to[0], m.mail.subject])).toEqual([['editor@example.org', '[Test] Tip of the Week #1: A tip that uses every component']]);
    expect(await h.ledger.counts(1)).toEqual(before);
  });

  it('dry run of an issue nobody was sent yet plans nothing in the ledger', async () => {
    await seed(2);
    const dry = await send(['--issue', '1', '--dry-run']);
    expect(dry.out).toContain('  Recipients  2 to send now, of 2 confirmed; earlier runs of this issue: 0 sent, 0 handled otherwise');
    expect(dry.out).toContain(`  Transport   ${h.env.OUTBOX_DIR}/ (.eml files; no SMTP_URL set)`);
    expect(dry.out).toContain('  Rate        no limit (add --rate <n> to set one)');
    expect((await h.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM deliveries'))?.n).toBe(0);
  });
});

describe('DKIM', () => {
  it('signs List-Unsubscribe and List-Unsubscribe-Post along with the usual headers', async () => {
    const smtp = await sink();
    await seed(1);
    const result = await send(['--issue', '1', '--yes'], { SMTP_URL: smtp.url, ...dkimTestEnv() });
    expect(result.out).toContain('DKIM-signed for tips.example.com');
    const signature = smtp.messages[0]!.mail.headerLines.find((h) => h.key === 'dkim-signature')?.line.replace(/\r?\n\s+/g, ' ') ?? '';
    expect(signature).toMatch(/d=tips\.example\.com;/);
    expect(signature).toMatch(/s=tips2026;/);
    const signed = /[;\s]h=([^;]+);/.exec(signature)?.[1]?.toLowerCase().replace(/\s+/g, '').split(':') ?? [];
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'date', 'message-id', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post']));
    // The signature holds for the bytes that arrived, checked against the published key.
    expect(await verifyDkim(smtp.messages[0]!.raw)).toEqual(['pass']);
    const tampered = Buffer.from(smtp.messages[0]!.raw.toString('latin1').replace(/^Subject: .*$/m, 'Subject: changed'), 'latin1');
    expect(await verifyDkim(tampered)).toEqual(['fail']);
  });

  it('refuses half a DKIM configuration', async () => {
    await seed(1);
    await expect(send(['--issue', '1', '--yes'], { DKIM_DOMAIN: 'tips.example.com' })).rejects.toThrow('DKIM needs all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY');
  });
});
