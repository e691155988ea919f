/**
 * `npm run bounces` on the real-world-shaped fixtures, with a real SQLite file: a maildir, stdin through the
 * script as an MTA pipe runs it, the same mail twice, and what is refused.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { runScript } from '../testing/run-script.fs.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import { verpSecret } from './bounce-signing.ts';
import { main } from './cli.ts';
import { verpAddress } from './verp.ts';
import { OTHER_SECRET, TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const fixtures = fileURLToPath(new URL('../testing/fixtures/bounces/', import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
/** The fixtures' own VERP address (signed with another secret, so it never verifies here). */
const FIXTURE_VERP = 'bounces+16-ivdyvflyimbe2c7z@example.com';

let dir: string;
let env: Record<string, string>;
let db: Database;
let store: SubscriberStore;
const ids: Record<string, number> = {};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'totw-bounces-'));
  env = { DATABASE_URL: `file:${join(dir, 'tips.db')}`, SUBSCRIPTION_SECRET: SECRET, SUPPRESSION_KEY: TEST_SUPPRESSION_KEY, BOUNCE_ADDRESS: 'bounces@example.com' };
  db = await openDatabase(env['DATABASE_URL']!);
  store = createSubscriberStore(db, { suppressionKey: env['SUPPRESSION_KEY']! });
  const readers = ['no-such-reader@example.net', 'annoyed.reader@yahoo.example.net', 'busy.reader@example.org', 'lost.reader@example.net'];
  await store.importConfirmed(readers.map((email) => ({ email, firstName: undefined })), 'test', new Date('2026-11-01T00:00:00Z'));
  for (const email of readers) ids[email] = (await store.byEmail(email))!.id;
  // What the ledger holds after sending: each message's Message-ID, to that reader. lost.reader's issue was never sent.
  const sent: [number, string, string][] = [
    [47, 'no-such-reader@example.net', '<tip-2026-47.42@example.com>'],
    [46, 'busy.reader@example.org', '<tip-2026-46.48@example.com>'],
  ];
  for (const [issue, email, messageId] of sent) {
    await db.run(`INSERT INTO deliveries (issue, subscriber_id, email, status, attempts, message_id, created_at, updated_at, sent_at) VALUES (?, ?, ?, 'sent', 1, ?, ?, ?, ?)`, [issue, ids[email]!, email, messageId, new Date(), new Date(), new Date()]);
  }
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (argv: string[], stdin: string[] = []) => {
  let out = '';
  const code = await main(argv, env, { out: (t) => void (out += t), err: (t) => void (out += t), stdin: (async function* () {
    yield* stdin;
  })(), now: () => new Date('2026-11-24T09:00:00Z') });
  return { code, out };
};

/** A fixture as it comes back for `email`: its VERP return path re-signed for that reader with this test's secret. */
const signedFor = (name: string, email: string) => fixture(name).replace(/bounces\+[0-9a-z]+-[a-z2-7]{16}@example\.com/g, verpAddress('bounces@example.com', ids[email]!, verpSecret(SECRET)));

function maildir(messages: Record<string, string>): string {
  const path = join(dir, 'Maildir');
  for (const folder of ['new', 'cur', 'tmp']) mkdirSync(join(path, folder), { recursive: true });
  for (const [name, text] of Object.entries(messages)) writeFileSync(join(path, 'new', name), text);
  return path;
}

describe('npm run bounces', () => {
  it('applies what it can tie to our messages, says why it skips the rest, and changes nothing the second time', async () => {
    const path = maildir({
      '1.gmail': signedFor('gmail-dsn.eml', 'no-such-reader@example.net'),
      '2.arf': signedFor('arf-yahoo-abuse.eml', 'annoyed.reader@yahoo.example.net'),
      '3.exim': signedFor('exim-mailbox-full.eml', 'busy.reader@example.org'),
      '4.ooo': fixture('out-of-office-exchange.eml'),
      '5.yahoo': fixture('yahoo-failure-notice.eml'),
    });
    const first = await run([path]);
    expect(first.code).toBe(0);
    const at = (name: string) => `${join(path, 'new', name)}: `;
    expect(first.out).toBe(
      [
        `${at('1.gmail')}applied: hard bounce for subscriber ${ids['no-such-reader@example.net']}, issue #47: no more mail to this address`,
        `${at('2.arf')}applied: complaint for subscriber ${ids['annoyed.reader@yahoo.example.net']}: unsubscribed and suppressed`,
        `${at('3.exim')}applied: soft bounce for subscriber ${ids['busy.reader@example.org']}, issue #46: counted (3 within 30 days stop the mail)`,
        `${at('4.ooo')}ignored: auto-reply (Auto-Submitted: auto-generated)`,
        `${at('5.yahoo')}unverified: hard bounce not tied to one of our messages (its VERP token does not verify (altered, or signed for another BOUNCE_ADDRESS or SUBSCRIPTION_SECRET)); nothing changed`,
        'Read 5 message(s): 3 applied, 0 duplicate, 1 ignored, 1 unverified, 0 skipped, 0 failed.',
        '',
      ].join('\n'),
    );
    const statuses = async () => Object.fromEntries(await Promise.all(Object.keys(ids).map(async (email) => [email, (await store.byEmail(email))?.status])));
    const after = await statuses();
    expect(after).toEqual({ 'no-such-reader@example.net': 'bounced', 'annoyed.reader@yahoo.example.net': 'unsubscribed', 'busy.reader@example.org': 'confirmed', 'lost.reader@example.net': 'confirmed' });
    expect(await store.isSuppressed('annoyed.reader@yahoo.example.net')).toBe(true);

    // Each message moved to cur/ as seen: the next run does not read it again.
    expect(readdirSync(join(path, 'new'))).toEqual([]);
    expect(readdirSync(join(path, 'cur')).sort()).toEqual(['1.gmail:2,S', '2.arf:2,S', '3.exim:2,S', '4.ooo:2,S', '5.yahoo:2,S']);
    expect((await run([path])).out).toBe('Read 0 message(s): 0 applied, 0 duplicate, 0 ignored, 0 unverified, 0 skipped, 0 failed.\n');
    // The same mail delivered again changes nothing.
    for (const name of readdirSync(join(path, 'cur'))) renameSync(join(path, 'cur', name), join(path, 'new', name.replace(/:2,S$/, '')));
    const second = await run([path]);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`${at('1.gmail')}duplicate: this hard bounce was recorded before; nothing changed`);
    expect(second.out).toContain('Read 5 message(s): 0 applied, 3 duplicate, 1 ignored, 1 unverified, 0 skipped, 0 failed.');
    expect(await statuses()).toEqual(after);
    expect(await db.get('SELECT COUNT(*) AS n FROM feedback_events')).toEqual({ n: 3 });
  });

  it('never acts on a report whose only link to a reader is an address or a Message-ID: a forged bounce for someone else changes nothing', async () => {
    // A stranger mails the bounce address a DSN naming a reader and quoting a Message-ID we really sent, with an altered token, then with none.
    const forged = fixture('gmail-dsn.eml').replaceAll('no-such-reader@example.net', 'lost.reader@example.net');
    const altered = forged.replaceAll(FIXTURE_VERP, verpAddress('bounces@example.com', ids['lost.reader@example.net']!, OTHER_SECRET));
    const tokenless = forged.replaceAll(FIXTURE_VERP, 'bounces@example.com');
    const result = await run(['-'], [altered]);
    expect(result.out).toContain(
      '-: unverified: hard bounce not tied to one of our messages (its VERP token does not verify (altered, or signed for another BOUNCE_ADDRESS or SUBSCRIPTION_SECRET)); nothing changed',
    );
    const second = await run(['-'], [tokenless]);
    expect(second.out).toContain("-: unverified: hard bounce not tied to one of our messages (no VERP token: with BOUNCE_ADDRESS set, a mailed report counts only when it came back to the reader's signed bounces+<token>@ address or quotes a Return-Path carrying it); nothing changed");
    expect((await store.byEmail('lost.reader@example.net'))?.status).toBe('confirmed');
  });

  it('reads one message on stdin through the script, as an MTA pipe runs it, and exits 0', async () => {
    await db.close();
    const { code, output } = await runScript(join(projectRoot, 'scripts/bounces.ts'), ['-'], { env, input: signedFor('gmail-dsn.eml', 'no-such-reader@example.net') });
    expect(output).toContain(`-: applied: hard bounce for subscriber ${ids['no-such-reader@example.net']}, issue #47`);
    expect(code).toBe(0);
    db = await openDatabase(env['DATABASE_URL']!);
    store = createSubscriberStore(db, { suppressionKey: env['SUPPRESSION_KEY']! });
    expect((await store.byEmail('no-such-reader@example.net'))?.status).toBe('bounced');
  });

  it('reads an mbox file', async () => {
    const mbox = join(dir, 'bounces.mbox');
    writeFileSync(mbox, `From MAILER-DAEMON Mon Nov 23 10:00:00 2026\n${signedFor('gmail-dsn.eml', 'no-such-reader@example.net')}\nFrom MAILER-DAEMON Mon Nov 23 10:05:00 2026\n${signedFor('exim-mailbox-full.eml', 'busy.reader@example.org')}\n`);
    const result = await run([mbox]);
    expect(result.out).toContain(`${mbox}:1: applied: hard bounce`);
    expect(result.out).toContain(`${mbox}:2: applied: soft bounce`);
    expect(result.out).toContain('Read 2 message(s): 2 applied');
  });

  it('skips hostile mail with one line each (too big, too many parts, too deep), moves it out of new/ flagged, and applies the rest', async () => {
    const bounce = signedFor('gmail-dsn.eml', 'no-such-reader@example.net');
    // 11 MB: a returned original with a big attachment.
    const huge = bounce.replace('--0000000000001cf3b205c302b0a3--', `--0000000000001cf3b205c302b0a3\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${'QUFB\n'.repeat(2_300_000)}--0000000000001cf3b205c302b0a3--`);
    // The review's "many empty parts" shape, small enough to be read: 2 MB of empty parts.
    const manyParts = `From: MAILER-DAEMON@mx.example.org\nSubject: failure notice\nContent-Type: multipart/mixed; boundary=b\n\n${'--b\n\nx\n'.repeat(250_000)}--b--\n`;
    let nested = 'Content-Type: text/plain\n\nleaf\n';
    for (let i = 0; i < 40; i++) nested = `Content-Type: multipart/mixed; boundary=n${i}\n\n--n${i}\n${nested}--n${i}--\n`;
    const path = maildir({ '1.huge': huge, '2.parts': manyParts, '3.nested': `From: MAILER-DAEMON@mx.example.org\nSubject: failure notice\n${nested}`, '4.real': bounce });
    expect(huge.length).toBeGreaterThan(10 * 1024 * 1024);
    const result = await run([path]);
    const at = (name: string) => `${join(path, 'new', name)}: `;
    expect(result.out).toBe(
      [
        `${at('1.huge')}skipped: it is ${(huge.length / 1024 / 1024).toFixed(1)} MB, over the 10.0 MB limit for one message; not read`,
        `${at('2.parts')}skipped: it has more than 256 MIME parts; not read`,
        `${at('3.nested')}skipped: its MIME parts are nested more than 16 deep; not read`,
        `${at('4.real')}applied: hard bounce for subscriber ${ids['no-such-reader@example.net']}, issue #47: no more mail to this address`,
        'Read 4 message(s): 1 applied, 0 duplicate, 0 ignored, 0 unverified, 3 skipped, 0 failed.',
        '',
      ].join('\n'),
    );
    expect(readdirSync(join(path, 'new'))).toEqual([]);
    expect(readdirSync(join(path, 'cur')).sort()).toEqual(['1.huge:2,FS', '2.parts:2,FS', '3.nested:2,FS', '4.real:2,S']);
  });

  it('exits 75 (temporary failure) when the database cannot be used, so an MTA delivers the mail again', async () => {
    writeFileSync(join(dir, 'not-a-folder'), '');
    env['DATABASE_URL'] = `file:${join(dir, 'not-a-folder', 'tips.db')}`;
    const failed = run(['-'], [fixture('gmail-dsn.eml')]);
    await expect(failed).rejects.toMatchObject({ exitCode: 75 });
    await expect(failed).rejects.toThrow(/^Stopped after 0 message\(s\): .*\nThe rest was not applied\. Exit 75 \(temporary failure\): an MTA keeps the mail and delivers it again/s);
  });

  it('says what to pass when the source is missing or wrong', async () => {
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run([join(dir, 'nope.eml')])).rejects.toThrow(`Cannot read ${join(dir, 'nope.eml')}: no such file or directory. Pass an .eml file, a maildir (with new/ and cur/), an mbox file, or - to read one message from stdin.`);
    copyFileSync(join(fixtures, 'gmail-dsn.eml'), join(dir, 'one.eml'));
    expect((await run([join(dir, 'one.eml')])).code).toBe(0);
  });
});
