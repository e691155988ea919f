import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors.ts';
import { main } from './cli.ts';

let dir: string;
let env: Record<string, string>;
let out: string;
let err: string;
const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), now: () => new Date('2026-11-23T09:00:00Z') };
const run = (...argv: string[]) => {
  out = '';
  err = '';
  return main(argv, env, io);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'totw-cli-'));
  env = { DATABASE_URL: `file:${join(dir, 'tips.db')}`, SUPPRESSION_KEY_FILE: join(dir, 'suppression-key'), OUTBOX_DIR: join(dir, 'outbox') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('subscribers CLI', () => {
  it('imports good rows as confirmed, reports bad ones by line, keeps the consent note, and exits 0 (#24.7)', async () => {
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, 'Email,First Name\nana@example.com,Ana\nnot-an-address,Bo\n"cy@example.com","Cy, Jr."\nANA@example.com,Ana again\n,Dee\n\n');
    expect(await run('import', csv, '--consent', 'Signed up at the 2026 conference')).toBe(0);
    expect(err).toBe(`${csv}:3: "not-an-address" in the email column is not an email address\n${csv}:6: the email cell is empty\n`);
    expect(out).toBe(
      `Left out on purpose:\n  ${csv}:5: ana@example.com appears earlier (${csv}, line 2): kept the first\n` +
        'List: 2 subscriber(s) and 0 address(es) to suppress found.\n' +
        '  Added 2 confirmed subscriber(s); 0 already on the list (left as they were); 0 suppressed here already (not added).\n' +
        '  Suppressed 0 new address(es) (never mailed).\n' +
        '  1 row(s) left out on purpose (listed above).\n' +
        '  2 problem(s) (listed above): fix those rows and run the same command again; what is imported now stays as it is.\n',
    );
    expect(await run('count')).toBe(0);
    expect(out).toBe('2 subscriber(s): 0 pending, 2 confirmed, 0 unsubscribed, 0 bounced\n');
    await run('export');
    expect(out.split('\n')[2]).toBe(`cy@example.com,"Cy, Jr.",confirmed,2026-11-23T09:00:00.000Z,,import,"Imported from a list (${csv}, line 4). Signed up at the 2026 conference",2026-11-23T09:00:00.000Z,,`);
  });

  it('survives the files of security review #23.12: a stray quote costs one row, Latin-1 names stay names, UTF-16 is read', async () => {
    const unclosed = join(dir, 'unclosed.csv');
    writeFileSync(unclosed, `email,first_name\n${Array.from({ length: 8 }, (_, i) => `r${i}@example.com,R${i}`).join('\n')}\nbad@example.com,"Quote\nlast@example.com,Last\n`);
    expect(await run('import', unclosed, '--consent', 'old list')).toBe(0);
    expect(err).toBe(`${unclosed}:10: a quote (") opens a cell here and never closes, so the row was left out: remove the quote or close it\n`);
    expect(out).toContain('Added 9 confirmed subscriber(s)');
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('email,first_name\njose@example.com,Jos\u00e9\nmuller@example.com,M\u00fcller\n', 'latin1'));
    expect(await run('import', latin1, '--consent', 'old list')).toBe(0);
    expect(err).toBe(`${latin1}: is not UTF-8, so it was read as Windows-1252 (Latin-1); if accented names look wrong, save the file as UTF-8 and import it again\n`);
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\tfirst_name\r\nzoe@example.com\tZo\u00eb\r\n', 'utf16le')]));
    expect(await run('import', utf16, '--consent', 'old list')).toBe(0);
    await run('list');
    expect(out).toContain('jose@example.com\tconfirmed\tJosé\t');
    expect(out).toContain('muller@example.com\tconfirmed\tMüller\t');
    expect(out).toContain('zoe@example.com\tconfirmed\tZoë\t');
    expect(out).not.toContain('\ufffd');
  });

  it('lists by status and erases with a suppression that blocks re-import', async () => {
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, 'ana@example.com,Ana\n');
    await run('import', csv, '--consent', 'old list');
    await run('list', '--status', 'confirmed');
    expect(out).toBe('ana@example.com\tconfirmed\tAna\t2026-11-23T09:00:00.000Z\n');
    mkdirSync(join(dir, 'outbox'));
    writeFileSync(join(dir, 'outbox', 'a.eml'), 'From: x@example.com\r\nTo: ana@example.com\r\nSubject: Confirm\r\n\r\nlink');
    writeFileSync(join(dir, 'outbox', 'b.eml'), 'From: x@example.com\r\nTo: bo@example.com\r\nSubject: Confirm\r\n\r\nana@example.com');
    expect(await run('remove', 'Ana@Example.com')).toBe(0);
    expect(out).toBe(`Erased ana@example.com; it is suppressed and will never be mailed again.\nDeleted 1 .eml file(s) addressed to it in ${join(dir, 'outbox')}/.\n`);
    expect(readdirSync(join(dir, 'outbox'))).toEqual(['b.eml']);
    await run('import', csv, '--consent', 'old list');
    expect(out).toContain('Added 0 confirmed subscriber(s); 0 already on the list (left as they were); 1 suppressed here already (not added).');
    await run('export');
    expect(out).not.toContain('ana@example.com');
  });

  // Issue #24 item 7: erasing an address that was never subscribed silently suppressed a stranger.
  it('says when the address to remove is not on the list, suppresses it only with --suppress, and lifts a suppression', async () => {
    expect(await run('remove', 'ana@exmaple.com')).toBe(1);
    expect(out).toBe(
      'ana@exmaple.com is not on the list (check the spelling): nothing was erased and nothing suppressed.\n' +
        'To block this address for good anyway (someone who asked never to be mailed), run: npm run subscribers -- remove ana@exmaple.com --suppress\n',
    );
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, 'ana@exmaple.com,Ana\n');
    expect(await run('import', csv, '--consent', 'typo test')).toBe(0);
    expect(out).toContain('Added 1 confirmed subscriber(s)');
    await run('remove', 'ana@exmaple.com');

    expect(await run('remove', 'never@example.com', '--suppress')).toBe(0);
    expect(out).toBe('never@example.com was not on the list; it is now suppressed as asked (--suppress): no form or import will add it. Lift it with: npm run subscribers -- unsuppress never@example.com\n');
    expect(await run('remove', 'never@example.com')).toBe(0);
    expect(out).toBe('never@example.com is not on the list; it was erased or suppressed before and stays suppressed.\n');
    writeFileSync(csv, 'never@example.com\n');
    await run('import', csv, '--consent', 'x');
    expect(out).toContain('Added 0 confirmed subscriber(s); 0 already on the list (left as they were); 1 suppressed here already (not added).');

    expect(await run('unsuppress', 'Never@Example.com')).toBe(0);
    expect(out).toBe('never@example.com is no longer suppressed: it can sign up again through the form (and confirm) or be imported. Nobody was subscribed by this.\n');
    expect(await run('unsuppress', 'never@example.com')).toBe(1);
    expect(out).toBe('never@example.com is not suppressed; nothing changed.\n');
    await run('import', csv, '--consent', 'x');
    expect(out).toContain('Added 1 confirmed subscriber(s)');
  });

  it('neutralises spreadsheet formulas in exports', async () => {
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, 'x@example.com,=HYPERLINK("http://evil")\n');
    await run('import', csv, '--consent', 'test');
    await run('export');
    expect(out).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('explains missing arguments', async () => {
    await expect(run('import', 'x.csv')).rejects.toThrow(UsageError);
    await expect(run('import', 'x.csv')).rejects.toThrow(/import needs --consent/);
    await expect(run('list', '--status', 'gone')).rejects.toThrow('--status must be one of pending, confirmed, unsubscribed, bounced');
    await expect(run()).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('Usage: npm run subscribers -- <command>') });
  });
});
