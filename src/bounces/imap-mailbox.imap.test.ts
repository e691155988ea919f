/**
 * `npm run bounces -- imap://…` against a real IMAP server (dovecot, started in a temp dir by the
 * test): a DSN, an ARF report, an auto-reply and an unrelated message; only the first two are
 * applied and moved to Processed, the rest stay in the inbox, and nothing is ever deleted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { dovecotMissing, startDovecot, type Dovecot } from '../testing/dovecot.fs.ts';
import { runScript } from '../testing/run-script.fs.ts';
import { loopbackCert } from '../testing/tls-cert.fs.ts';
import { verpSecret } from './bounce-signing.ts';
import { main } from './cli.ts';
import { verpAddress } from './verp.ts';
import { TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const fixtures = fileURLToPath(new URL('../testing/fixtures/bounces/', import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const UNRELATED = [
  'From: Priya Natarajan <priya@example.org>',
  'To: bounces@example.com',
  'Subject: Lunch on Friday?',
  'Date: Tue, 24 Nov 2026 08:15:00 +0000',
  'Message-ID: <lunch-1@example.org>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hi, are we still on for the team lunch on Friday? I booked the table by the window.',
  '',
].join('\r\n');

const missing = dovecotMissing();
if (missing) console.warn(`Skipping the IMAP bounce tests: ${missing}`);

describe.skipIf(missing !== undefined)('npm run bounces -- imap:// and imaps://', () => {
  let server: Dovecot;
  let dir: string;
  let env: Record<string, string>;
  let db: Database;
  let store: SubscriberStore;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(() => server?.stop());

  /** An IMAP session of the test's own, to put mail in and look at what the command left. */
  async function mailbox<T>(work: (client: ImapFlow) => Promise<T>, on: Dovecot = server): Promise<T> {
    const client = new ImapFlow({ host: on.host, port: on.port, secure: false, doSTARTTLS: false, auth: { user: on.user, pass: on.password }, logger: false });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }
  /** How many messages a folder holds (0 when it does not exist). */
  const count = async (client: ImapFlow, path: string) => {
    const status = await client.status(path, { messages: true }).catch(() => false as const);
    return status ? (status.messages ?? 0) : 0;
  };
  const subjects = async (client: ImapFlow, path: string) => {
    const lock = await client.getMailboxLock(path);
    try {
      const found: { subject: string; flags: string[] }[] = [];
      for await (const m of client.fetch('1:*', { envelope: true, flags: true })) found.push({ subject: m.envelope?.subject ?? '', flags: [...(m.flags ?? [])].sort() });
      return found.sort((a, b) => a.subject.localeCompare(b.subject));
    } finally {
      lock.release();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'totw-bounces-imap-'));
    env = { DATABASE_URL: `file:${join(dir, 'tips.db')}`, SUBSCRIPTION_SECRET: SECRET, SUPPRESSION_KEY: TEST_SUPPRESSION_KEY, BOUNCE_ADDRESS: 'bounces@example.com', BOUNCE_IMAP_PASSWORD: server.password };
    db = await openDatabase(env['DATABASE_URL']!);
    store = createSubscriberStore(db, { suppressionKey: env['SUPPRESSION_KEY']! });
    const readers = ['no-such-reader@example.net', 'annoyed.reader@yahoo.example.net'];
    await store.importConfirmed(readers.map((email) => ({ email, firstName: undefined })), 'test', new Date('2026-11-01T00:00:00Z'));
    for (const email of readers) ids[email] = (await store.byEmail(email))!.id;
    await db.run(`INSERT INTO deliveries (issue, subscriber_id, email, status, attempts, message_id, created_at, updated_at, sent_at) VALUES (47, ?, ?, 'sent', 1, '<tip-2026-47.42@example.com>', ?, ?, ?)`, [ids['no-such-reader@example.net']!, 'no-such-reader@example.net', new Date(), new Date(), new Date()]);
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    // Each test starts from an empty mailbox.
    await mailbox(async (client) => {
      for (const path of ['INBOX', 'Processed']) {
        if (!(await count(client, path))) continue;
        const lock = await client.getMailboxLock(path);
        await client.messageDelete('1:*').finally(() => lock.release());
      }
    });
  });

  const signedFor = (name: string, email: string) => fixture(name).replace(/bounces\+[0-9a-z]+-[a-z2-7]{16}@example\.com/g, verpAddress('bounces@example.com', ids[email]!, verpSecret(SECRET)));
  const source = () => `imap://${encodeURIComponent(server.user)}@${server.host}:${server.port}/INBOX`;
  const run = async (argv: string[], extraEnv: Record<string, string> = {}) => {
    let out = '';
    const code = await main(argv, { ...env, ...extraEnv }, { out: (t) => void (out += t), err: (t) => void (out += t), stdin: (async function* () {})(), now: () => new Date('2026-11-24T09:00:00Z') }).catch(
      (error: { message: string; exitCode?: number }) => {
        out += error.message;
        return error.exitCode ?? 1;
      },
    );
    return { code, out };
  };

  it('applies the DSN and the ARF report and moves them to Processed; the auto-reply and the unrelated mail stay, unread no more, never deleted', async () => {
    await mailbox(async (client) => {
      for (const raw of [signedFor('gmail-dsn.eml', 'no-such-reader@example.net'), signedFor('arf-yahoo-abuse.eml', 'annoyed.reader@yahoo.example.net'), fixture('out-of-office-exchange.eml'), UNRELATED]) {
        await client.append('INBOX', raw);
      }
    });
    const first = await run([source()]);
    expect(first.code, first.out).toBe(0);
    const at = (uid: number) => `imap://${encodeURIComponent(server.user)}@${server.host}:${server.port}/INBOX#${uid}: `;
    expect(first.out).toContain(`${at(1)}applied: hard bounce for subscriber ${ids['no-such-reader@example.net']}, issue #47: no more mail to this address\n`);
    expect(first.out).toContain(`${at(2)}applied: complaint for subscriber ${ids['annoyed.reader@yahoo.example.net']}: unsubscribed and suppressed\n`);
    expect(first.out).toContain(`${at(3)}ignored: auto-reply (Auto-Submitted: auto-generated)\n`);
    expect(first.out).toContain(`${at(4)}ignored: not a bounce or complaint: no delivery status report, no feedback report, no bounce sender or subject\n`);
    expect(first.out).toContain('Read 4 message(s): 2 applied, 0 duplicate, 2 ignored, 0 unverified, 0 skipped, 0 failed.\n');
    expect(first.out).not.toContain(server.password);
    expect((await store.byEmail('no-such-reader@example.net'))?.status).toBe('bounced');
    expect((await store.byEmail('annoyed.reader@yahoo.example.net'))?.status).toBe('unsubscribed');

    await mailbox(async (client) => {
      expect(await subjects(client, 'INBOX')).toEqual([
        { subject: 'Automatic reply: Tip of the week: answer the question they did not ask', flags: ['\\Seen'] },
        { subject: 'Lunch on Friday?', flags: ['\\Seen'] },
      ].sort((a, b) => a.subject.localeCompare(b.subject)));
      expect(await count(client, 'Processed')).toBe(2);
    });

    const second = await run([source()]);
    expect(second).toEqual({ code: 0, out: 'Read 0 message(s): 0 applied, 0 duplicate, 0 ignored, 0 unverified, 0 skipped, 0 failed.\n' });
  });

  it('is idempotent: a report read again (a run cut off before the move) is a duplicate and is moved, nothing applied twice', async () => {
    const dsn = signedFor('gmail-dsn.eml', 'no-such-reader@example.net');
    await mailbox((client) => client.append('INBOX', dsn));
    expect((await run([source()])).code).toBe(0);
    await mailbox((client) => client.append('INBOX', dsn));
    const again = await run([source()]);
    expect(again.out).toContain('Read 1 message(s): 0 applied, 1 duplicate,');
    await mailbox(async (client) => {
      expect(await count(client, 'INBOX')).toBe(0);
      expect(await count(client, 'Processed')).toBe(2);
    });
  });

  it('exits 75 with one line when the server refuses the password, and never prints it', async () => {
    const refused = await run([source()], { BOUNCE_IMAP_PASSWORD: 'not-the-password' });
    expect(refused.code).toBe(75);
    expect(refused.out).toMatch(new RegExp(`^Cannot read imap://${encodeURIComponent(server.user)}@${server.host}:${server.port}/INBOX: the server refused ${server.user}'s password \\(.*\\): check BOUNCE_IMAP_PASSWORD\\. Nothing was read\\.$`));
    expect(refused.out).not.toContain('not-the-password');
  });

  it('reads imaps:// as the script runs, trusting the server\'s certificate through NODE_EXTRA_CA_CERTS', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'totw-imaps-cert-'));
    const cert = loopbackCert(certDir);
    const secure = await startDovecot('bounces@example.com', cert);
    try {
      await mailbox((client) => client.append('INBOX', signedFor('gmail-dsn.eml', 'no-such-reader@example.net')), secure);
      const { code, output } = await runScript(join(projectRoot, 'scripts/bounces.ts'), [`imaps://${encodeURIComponent(secure.user)}@${secure.host}:${secure.tlsPort}/INBOX`], {
        env: { ...env, BOUNCE_IMAP_PASSWORD: secure.password, NODE_EXTRA_CA_CERTS: cert.certPath },
      });
      expect(code, output).toBe(0);
      expect(output).toContain(`imaps://${encodeURIComponent(secure.user)}@${secure.host}:${secure.tlsPort}/INBOX#1: applied: hard bounce for subscriber ${ids['no-such-reader@example.net']}`);
      await mailbox(async (client) => {
        expect(await count(client, 'INBOX')).toBe(0);
        expect(await count(client, 'Processed')).toBe(1);
      }, secure);
    } finally {
      await secure.stop();
      rmSync(certDir, { recursive: true, force: true });
    }
  });
});
