/**
 * One fixture per editor mistake (src/testing/fixtures/mistakes/), each added alone to the valid
 * fixture publication and run through `npm run check`: the exact message and its place are pinned.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { main } from './check-cli.ts';

const mistakes = join(projectRoot, 'src/testing/fixtures/mistakes');
const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** The error lines `npm run check` prints for the fixture content plus one mistake file. */
async function errorsWith(file: string): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'totw-mistake-'));
  roots.push(root);
  cpSync(join(projectRoot, 'src/testing/fixtures/content'), join(root, 'content'), { recursive: true });
  cpSync(join(mistakes, file), join(root, 'content', file));
  let out = '';
  const io = { out: (t: string) => void (out += t), now: () => new Date('2026-11-23T09:00:00Z'), fetch: async () => ({ status: 200, headers: { get: () => null } }) };
  const status = await main([], { DATABASE_URL: `file:${join(root, 'none.db')}` }, root, io);
  const errors = /Errors \(\d+\), fix these before publishing:\n([\s\S]*?)\n\n/.exec(out)?.[1]?.split('\n') ?? [];
  expect(status, out).toBe(errors.length ? 1 : 0);
  return errors;
}

describe('dates: a real calendar day written YYYY-MM-DD, nothing coerced', () => {
  it.each([
    ['impossible-day', 'content/tips/impossible-day.mdx:3: date 2026-02-30 is not a day of the calendar (February 2026 has 28 days): write it as YYYY-MM-DD'],
    ['quoted-impossible-day', 'content/tips/quoted-impossible-day.mdx:3: date 2026-02-29 is not a day of the calendar (February 2026 has 28 days): write it as YYYY-MM-DD'],
    ['month-13', 'content/tips/month-13.mdx:3: date 2026-13-01 is not a day of the calendar (there is no month 13): write it as YYYY-MM-DD'],
    ['slashed-date', 'content/tips/slashed-date.mdx:3: date 07/12/2026 is not written as YYYY-MM-DD (four-digit year, two-digit month, two-digit day): write it as YYYY-MM-DD, e.g. 2026-11-23'],
    ['spelled-date', 'content/tips/spelled-date.mdx:3: date Dec 7 2026 is not written as YYYY-MM-DD (four-digit year, two-digit month, two-digit day): write it as YYYY-MM-DD, e.g. 2026-11-23'],
    ['unpadded-date', 'content/tips/unpadded-date.mdx:3: date 2026-12-7 is not written as YYYY-MM-DD (four-digit year, two-digit month, two-digit day): write it as 2026-12-07'],
  ])('%s', async (name, message) => {
    expect(await errorsWith(`tips/${name}.mdx`)).toEqual([message]);
  });
});

describe('MDX bodies are compiled by the check, with the fix an editor needs', () => {
  it.each([
    ['unclosed-tag', 'content/tips/unclosed-tag.mdx:12:1: <Takeaway> is never closed: close the tag opened on line 12 with </Takeaway> in the same paragraph'],
    ['stray-brace', 'content/tips/stray-brace.mdx:10:36: a { starts a code expression in MDX and this one is not valid code: to write a curly brace as text, write \\{ (and \\} for the closing one)'],
    ['less-than', 'content/tips/less-than.mdx:10:10: a < starts a tag in MDX: to write a less-than sign as text, write &lt; or \\< (e.g. "&lt;2 minutes"); for a link, write [text](https://…)'],
    ['latin-1', 'content/tips/latin-1.mdx:10:6: the file is not saved as UTF-8 (the character here is in another encoding, such as Latin-1 or Windows-1252): save the file as UTF-8 in your editor and check the accented letters'],
  ])('%s', async (name, message) => {
    expect(await errorsWith(`tips/${name}.mdx`)).toEqual([message]);
  });
});

describe('exact locations', () => {
  it('puts a component error on the component\'s own line', async () => {
    expect(await errorsWith('tips/unknown-component.mdx')).toEqual([
      'content/tips/unknown-component.mdx:16: uses <Callout>, which has no web and email rendering: use one of Takeaway, Dialogue, Line, Quiz, TipsList, or add src/components/mdx/Callout.astro and src/components/email/mdx/Callout.astro and list it in src/email/components.ts',
    ]);
  });

  it('numbers picks as an editor counts them, at the line of the pick\'s field', async () => {
    expect(await errorsWith('issues/4.mdx')).toEqual([
      `content/issues/4.mdx:14: pick 2 (url) must be a full https:// address (got "http://example.com/mistake-two"): copy the link from the browser's address bar`,
    ]);
  });
});
