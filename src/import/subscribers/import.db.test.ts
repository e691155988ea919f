import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../../testing/databases.fs.ts';
import { createSubscriberStore } from '../../subscribers/store.db.ts';
import type { SubscriberStore } from '../../subscribers/store.ts';
import { main } from '../cli.ts';
import { TEST_SUPPRESSION_KEY as KEY } from '../../testing/secrets.ts';

const FIXTURES = join(import.meta.dirname, '../../testing/fixtures/import');
const NOW = new Date('2026-12-04T12:00:00Z');

describe.each(testEngines())('npm run import -- subscribers on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  let store: SubscriberStore;
  let out = '';
  let err = '';
  const run = (...argv: string[]) => {
    out = '';
    err = '';
    return main(argv, { DATABASE_URL: t.url, SUPPRESSION_KEY: KEY }, dir, { out: (s) => void (out += s), err: (s) => void (err += s), now: () => NOW });
  };
  const subscribers = async () => (await store.list()).map((s) => `${s.email} ${s.status}`);
  const suppressionCount = async () => Number((await t.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM suppressions'))!.n);

  beforeEach(async () => {
    t = await freshDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), 'totw-import-list-'));
    store = createSubscriberStore(t.db, { suppressionKey: KEY });
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.cleanup();
  });

  it('imports a Mailchimp audience export zip in one go: subscribers with consent, suppressions that win, bad rows by line, exit 0', async () => {
    const folder = join(FIXTURES, 'mailchimp');
    const zip = join(dir, 'members_export_4c1f2a9e.zip');
    writeFileSync(zip, zipSync(Object.fromEntries(readdirSync(folder).map((name) => [`members_export/${name}`, readFileSync(join(folder, name))]))));
    // A reader who signed up on the new site before the move but had unsubscribed on Mailchimp.
    await store.importConfirmed([{ email: 'hal@example.com', firstName: 'Hal' }], 'signed up on the new site', NOW);

    expect(await run('subscribers', 'mailchimp', zip)).toBe(0);
    const inZip = (name: string) => `${zip}:members_export/${name}_members_export_4c1f2a9e.csv`;
    expect(err).toBe(
      [
        `${inZip('subscribed')}:4: "not-an-address" in the Email Address column is not an email address`,
        `${inZip('subscribed')}:5: the Email Address cell is empty`,
        `${inZip('subscribed')}:8: OPTIN_TIME "sometime in May" is not a date and time (YYYY-MM-DD HH:MM:SS): those rows record the time of this import instead`,
        '',
      ].join('\n'),
    );
    expect(out).toBe(
      [
        'Left out on purpose:',
        `  ${inZip('subscribed')}:7: fay@example.com unsubscribed on Mailchimp (${inZip('unsubscribed')}, line 3): suppressed, not added as a subscriber`,
        'Mailchimp export: 4 subscriber(s) and 3 address(es) to suppress found.',
        '  Added 4 confirmed subscriber(s); 0 already on the list (left as they were); 0 suppressed here already (not added).',
        '  Suppressed 3 new address(es) (never mailed; 1 subscriber(s) already here unsubscribed).',
        '  1 row(s) left out on purpose (listed above).',
        '  3 problem(s) (listed above): fix those rows and run the same command again; what is imported now stays as it is.',
        '',
      ].join('\n'),
    );
    expect(await subscribers()).toEqual([
      'hal@example.com unsubscribed',
      'ana.reyes@example.com confirmed',
      'bo.lindqvist@example.org confirmed',
      'eli.moreau@example.net confirmed',
      'gus@example.com confirmed',
    ]);
    expect(await store.byEmail('ana.reyes@example.com')).toMatchObject({
      firstName: 'Ana',
      consent: {
        signupAt: '2019-03-04T08:15:02.000Z',
        signupIp: '198.51.100.7',
        confirmedAt: '2019-03-04T08:16:40.000Z',
        confirmIp: '198.51.100.7',
        form: 'import:mailchimp',
        consentText: `Subscribed on Mailchimp (${inZip('subscribed')}, line 2)`,
      },
    });
    expect((await store.byEmail('eli.moreau@example.net'))!.firstName).toBe('Éli');
    for (const email of ['fay@example.com', 'hal@example.com', 'ivy@example.org']) expect(await store.isSuppressed(email)).toBe(true);
    // Suppressed for good: signing up again on the new site is refused too.
    expect((await store.signup({ email: 'fay@example.com', firstName: undefined, at: NOW, ip: null, userAgent: null, form: 'subscribe-page', consentText: 'x' })).kind).toBe('suppressed');
  });

  it('is idempotent: the unpacked folder imported again adds nothing and changes no one', async () => {
    const folder = join(dir, 'members_export');
    cpSync(join(FIXTURES, 'mailchimp'), folder, { recursive: true });
    expect(await run('subscribers', 'mailchimp', folder)).toBe(0);
    const before = await store.list();
    expect(await run('subscribers', 'mailchimp', folder)).toBe(0);
    expect(out).toContain('  Added 0 confirmed subscriber(s); 4 already on the list (left as they were); 0 suppressed here already (not added).\n  Suppressed 0 new address(es) (never mailed).\n');
    expect(await store.list()).toEqual(before);
    expect(await suppressionCount()).toBe(3);
  });

  it('imports Substack and Buttondown exports', async () => {
    expect(await run('subscribers', 'substack', join(FIXTURES, 'substack-email-list.csv'))).toBe(0);
    expect(await run('subscribers', 'buttondown', join(FIXTURES, 'buttondown'))).toBe(0);
    expect(await subscribers()).toEqual(['jun.tanaka@example.com confirmed', 'kai@example.org confirmed', 'mo@example.com confirmed', 'oli@example.org confirmed']);
    expect((await store.byEmail('oli@example.org'))!.consent).toMatchObject({ signupAt: '2023-06-01T08:00:00.000Z', form: 'import:buttondown' });
    for (const email of ['lea@example.net', 'quin@example.com', 'ray@example.com', 'tom@example.org', 'nia@example.com']) expect(await store.isSuppressed(email)).toBe(true);
  });

  it('writes nothing on --dry-run, and stops with exit 1 and nothing written when no row is usable', async () => {
    expect(await run('subscribers', 'buttondown', join(FIXTURES, 'buttondown'), '--dry-run')).toBe(0);
    expect(out).toContain('Buttondown export: 1 subscriber(s) and 4 address(es) to suppress found.\n  Dry run: nothing was written.\n');
    const empty = join(dir, 'people.csv');
    writeFileSync(empty, 'email,name\nnobody,No\n,Empty\n');
    const failure = run('subscribers', 'csv', empty, '--consent', 'from the old list');
    await expect(failure).rejects.toThrow(CliError);
    await expect(failure).rejects.toThrow(`Nothing to import: no row of ${empty} holds an address to add or to suppress (the problems are listed above). Check that this is the list you meant; nothing was written.`);
    expect(err).toBe(`${empty}:2: "nobody" in the email column is not an email address\n${empty}:3: the email cell is empty\n`);
    expect(await subscribers()).toEqual([]);
    expect(await suppressionCount()).toBe(0);
  });

  it('writes the whole list or nothing: a database error on the last row leaves no subscriber and no suppression behind', async () => {
    if (engine === 'sqlite') {
      await t.db.exec(`CREATE TRIGGER refuse_gus BEFORE INSERT ON subscribers WHEN NEW.email = 'gus@example.com' BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;`);
    } else {
      await t.db.exec(`CREATE FUNCTION refuse_gus() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.email = 'gus@example.com' THEN RAISE EXCEPTION 'refused by a test trigger'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER refuse_gus BEFORE INSERT ON subscribers FOR EACH ROW EXECUTE FUNCTION refuse_gus();`);
    }
    await expect(run('subscribers', 'mailchimp', join(FIXTURES, 'mailchimp'))).rejects.toThrow(
      /^The import stopped on a database error \(.*refused by a test trigger.*\)\. Nothing was imported: the whole list is one transaction\. Run the same command again once the database is working\.$/,
    );
    expect(await subscribers()).toEqual([]);
    expect(await suppressionCount()).toBe(0);
  });

  it('explains a wrong source, a missing path and a plain CSV without --consent', async () => {
    await expect(run('subscribers', 'mailchump', 'x')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('"mailchump" is not a source this import reads: use one of mailchimp, substack, buttondown, csv.') });
    await expect(run('subscribers', 'csv', 'x.csv')).rejects.toThrow('a plain CSV needs --consent "<where these people agreed to get the publication>"');
    await expect(run('subscribers', 'substack', join(dir, 'missing.csv'))).rejects.toThrow(`${join(dir, 'missing.csv')} does not exist: give the path of the export (a .csv file, a .zip, or the folder it unpacks to)`);
  });
});
