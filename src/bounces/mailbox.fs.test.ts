import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMessages, type MailboxMessage } from './mailbox.fs.ts';
import { parseFeedbackMail } from './parse-mail.ts';

const fixtures = fileURLToPath(new URL('../testing/fixtures/bounces/', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bounces-mailbox-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect(source: AsyncIterable<MailboxMessage>): Promise<{ id: string; text: string }[]> {
  const out: { id: string; text: string }[] = [];
  for await (const message of source) out.push({ id: message.id, text: message.raw === undefined ? `(too large: ${message.tooLarge})` : message.raw.toString('latin1') });
  return out;
}

const mbox = [
  'From MAILER-DAEMON Mon Nov 23 10:00:00 2026',
  'Subject: one',
  '',
  'first body',
  '>From the escaped line',
  '>>From a doubly escaped line',
  '',
  'From MAILER-DAEMON Mon Nov 23 10:01:00 2026',
  'Subject: two',
  '',
  'second body',
  'From here on: not a separator, no blank line before it',
  '',
  'From someone@example.org Mon Nov 23 10:02:00 2026',
  'Subject: three',
  '',
  'third body',
  '',
].join('\n');

describe('readMessages', () => {
  it('reads a single .eml file whole, with its path as id', async () => {
    const file = join(dir, 'one.eml');
    writeFileSync(file, 'Subject: hi\n\nFrom the top of my head\n');
    expect(await collect(readMessages(file))).toEqual([{ id: file, text: 'Subject: hi\n\nFrom the top of my head\n' }]);
  });

  it('splits an mbox on "From " lines after a blank line and unescapes >From', async () => {
    const file = join(dir, 'box.mbox');
    writeFileSync(file, mbox);
    expect(await collect(readMessages(file))).toEqual([
      { id: `${file}:1`, text: 'Subject: one\n\nfirst body\nFrom the escaped line\n>From a doubly escaped line\n' },
      { id: `${file}:2`, text: 'Subject: two\n\nsecond body\nFrom here on: not a separator, no blank line before it\n' },
      { id: `${file}:3`, text: 'Subject: three\n\nthird body\n' },
    ]);
  });

  it('splits an mbox with CRLF line endings', async () => {
    const file = join(dir, 'crlf.mbox');
    writeFileSync(file, mbox.replace(/\n/g, '\r\n'));
    const messages = await collect(readMessages(file));
    expect(messages.map((m) => m.id)).toEqual([`${file}:1`, `${file}:2`, `${file}:3`]);
    expect(messages[2]?.text).toBe('Subject: three\r\n\r\nthird body\r\n');
  });

  it('reads a maildir: new/ then cur/ without the Seen flag, sorted, skipping tmp/ and dotfiles', async () => {
    for (const folder of ['new', 'cur', 'tmp']) mkdirSync(join(dir, folder));
    writeFileSync(join(dir, 'new', '2.host'), 'Subject: new 2\n\n');
    writeFileSync(join(dir, 'new', '1.host'), 'Subject: new 1\n\n');
    writeFileSync(join(dir, 'new', '.hidden'), 'Subject: hidden\n\n');
    writeFileSync(join(dir, 'cur', '0.host:2,S'), 'Subject: seen before\n\n');
    writeFileSync(join(dir, 'cur', '4.host:2,'), 'Subject: in cur, not seen\n\n');
    writeFileSync(join(dir, 'tmp', '3.host'), 'Subject: in delivery\n\n');
    expect((await collect(readMessages(dir))).map((m) => [m.id, m.text])).toEqual([
      [join(dir, 'new', '1.host'), 'Subject: new 1\n\n'],
      [join(dir, 'new', '2.host'), 'Subject: new 2\n\n'],
      [join(dir, 'cur', '4.host:2,'), 'Subject: in cur, not seen\n\n'],
    ]);
  });

  it('settles a maildir message into cur/ with its flags, so the next read does not see it again', async () => {
    for (const folder of ['new', 'cur', 'tmp']) mkdirSync(join(dir, folder));
    writeFileSync(join(dir, 'new', '1.host'), 'Subject: done\n\n');
    writeFileSync(join(dir, 'new', '2.host'), 'Subject: look at me\n\n');
    writeFileSync(join(dir, 'cur', '3.host:2,R'), 'Subject: replied to by a person\n\n');
    for await (const message of readMessages(dir)) await message.settle?.(message.id.endsWith('2.host') ? 'FS' : 'S');
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
    expect(readdirSync(join(dir, 'cur')).sort()).toEqual(['1.host:2,S', '2.host:2,FS', '3.host:2,RS']);
    expect(await collect(readMessages(dir))).toEqual([]);
  });

  it('yields a message over the size limit with its size only, from a maildir, an mbox and stdin', async () => {
    for (const folder of ['new', 'cur']) mkdirSync(join(dir, folder));
    const big = `Subject: big\n\n${'x'.repeat(5000)}\n`;
    writeFileSync(join(dir, 'new', '1.big'), big);
    writeFileSync(join(dir, 'new', '2.small'), 'Subject: small\n\n');
    const limit = { maxBytes: 1000 };
    expect(await collect(readMessages(dir, undefined, limit))).toEqual([
      { id: join(dir, 'new', '1.big'), text: `(too large: ${big.length})` },
      { id: join(dir, 'new', '2.small'), text: 'Subject: small\n\n' },
    ]);
    const box = `From a Mon\n${big}\nFrom b Mon\nSubject: small\n\n`;
    expect(await collect(readMessages('-', Readable.from([Buffer.from(box)]), limit))).toEqual([
      { id: '-:1', text: `(too large: ${big.length + 1})` },
      { id: '-:2', text: 'Subject: small\n' },
    ]);
    expect(await collect(readMessages('-', Readable.from([Buffer.from(big)]), limit))).toEqual([{ id: '-', text: `(too large: ${big.length})` }]);
  });

  it('reads one message from stdin, or an mbox when a pipe adds a From line', async () => {
    const chunks = ['Subject: pi', 'ped\n\nbody\n'].map((s) => Buffer.from(s));
    expect(await collect(readMessages('-', Readable.from(chunks)))).toEqual([{ id: '-', text: 'Subject: piped\n\nbody\n' }]);
    expect((await collect(readMessages('-', Readable.from([Buffer.from(mbox)])))).map((m) => m.id)).toEqual(['-:1', '-:2', '-:3']);
    expect(await collect(readMessages('-', Readable.from([])))).toEqual([]);
  });

  it('reassembles lines split across chunks and long lines without newlines', async () => {
    const chunks = ['From a', ' Mon\nSubject: x\n\n', 'y'.repeat(100_000), 'z', '\n\nFrom b Mon\nSubject: two\n\nlast'].map((c) =>
      Buffer.from(c),
    );
    const messages = await collect(readMessages('-', Readable.from(chunks)));
    expect(messages.map((m) => [m.id, m.text.length])).toEqual([
      ['-:1', 'Subject: x\n\n'.length + 100_002],
      ['-:2', 'Subject: two\n\nlast'.length],
    ]);
  });

  it('says what to pass when the path is missing or a plain directory', async () => {
    const missing = join(dir, 'nope.eml');
    await expect(collect(readMessages(missing))).rejects.toThrow(
      `Cannot read ${missing}: no such file or directory. Pass an .eml file, a maildir (with new/ and cur/), an mbox file, or - to read one message from stdin.`,
    );
    await expect(collect(readMessages(dir))).rejects.toThrow(
      `${dir} is a directory but not a maildir: it has no new/ or cur/ folder. Pass an .eml file`,
    );
  });

  it('feeds parseFeedbackMail: an mbox of real-world bounces gives their events', async () => {
    const names = ['gmail-dsn.eml', 'exim-failed.eml', 'out-of-office-exchange.eml'];
    const body = names
      .map((name) => `From MAILER-DAEMON Mon Nov 23 10:00:00 2026\n${readFileSync(join(fixtures, name), 'utf8').replace(/^(>*From )/gm, '>$1')}\n`)
      .join('');
    const file = join(dir, 'bounces.mbox');
    writeFileSync(file, body);
    const results = [];
    for await (const { raw } of readMessages(file)) results.push(await parseFeedbackMail(raw!));
    expect(results).toEqual([
      { events: [expect.objectContaining({ recipient: 'no-such-reader@example.net', severity: 'permanent' })] },
      { events: [expect.objectContaining({ recipient: 'gone.reader@example.org', severity: 'permanent' })] },
      { ignored: 'auto-reply (Auto-Submitted: auto-generated)' },
    ]);
  });
});
