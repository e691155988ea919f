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
  return (await problemsWith(file)).errors;
}

/** The error and warning lines `npm run check` prints for the fixture content plus one mistake file. */
async function problemsWith(file: string): Promise<{ errors: string[]; warnings: string[] }> {
  const root = mkdtempSync(join(tmpdir(), 'totw-mistake-'));
  roots.push(root);
  cpSync(join(projectRoot, 'src/testing/fixtures/content'), join(root, 'content'), { recursive: true });
  cpSync(join(mistakes, file), join(root, 'content', file));
  let out = '';
  const io = { out: (t: string) => void (out += t), now: () => new Date('2026-11-23T09:00:00Z'), fetch: async () => ({ status: 200, headers: { get: () => null } }) };
  const status = await main([], { DATABASE_URL: `file:${join(root, 'none.db')}` }, root, io);
  const errors = /Errors \(\d+\), fix these before publishing:\n([\s\S]*?)\n\n/.exec(out)?.[1]?.split('\n') ?? [];
  const warnings = /Warnings \(\d+\), worth a look:\n([\s\S]*?)\n\n/.exec(out)?.[1]?.split('\n') ?? [];
  expect(status, out).toBe(errors.length ? 1 : 0);
  return { errors, warnings };
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

describe('editor messages name the file and line, say what is wrong in the editor\'s words, and the fix', () => {
  it.each([
    ['tips/angle-word.mdx', 'content/tips/angle-word.mdx:10:14: <customer> is read as an HTML tag, which is never closed: to show the word in angle brackets as text, write &lt;customer&gt; or \\<customer>'],
    ['tips/open-quote.mdx', 'content/tips/open-quote.mdx:12:1: the quote " opened after label= in <Takeaway> is never closed, so the tag never ends: close the value with " before the >, e.g. <Takeaway label="Try this">'],
    ['tips/component-case.mdx', 'content/tips/component-case.mdx:12: uses <TakeAway>, which is not one of the components: did you mean <Takeaway>? (the components are Takeaway, Dialogue, Line, Quiz, TipsList; names are case-sensitive)'],
    ['tips/unclosed-frontmatter.mdx', 'content/tips/unclosed-frontmatter.mdx:9: the frontmatter opened by --- on line 1 never closes: add a line with only --- after the last field, before the text that starts on line 9'],
    ['tips/curly-quotes-colon.mdx', 'content/tips/curly-quotes-colon.mdx:2: title starts with a curly quote (“), and curly quotes are not YAML quotes, so the colon inside ends the value: type straight quotes instead, e.g. title: "Close the loop: before the ticket"'],
    ['tips/author-name.mdx', 'content/tips/author-name.mdx:7: author "Ada Fixture" is not an author: did you mean "ada"? An author is named by the file name in content/authors/ (ada, guest)'],
    ['issues/5.mdx', 'content/issues/5.mdx:12: pick 1 (coment) is not a field of a pick: did you mean "comment"? (a pick has title, url, author, source, summary and comment)'],
    ['issues/6.mdx', 'content/issues/6.mdx:5: tip "older-tips" is not a tip: did you mean "older-tip"? Use the file name (without .mdx) of one in content/tips/'],
  ])('%s', async (file, message) => {
    expect(await errorsWith(file)).toEqual([message]);
  });

  it('warns about a title in curly quotes, which would be published with them', async () => {
    const { errors, warnings } = await problemsWith('tips/curly-quotes.mdx');
    expect(errors).toEqual([]);
    expect(warnings).toContain(
      'content/tips/curly-quotes.mdx:2: title is wrapped in curly quotes (“Close the loop before the ticket”), which YAML keeps as part of the text, so readers would see them: remove them, or type straight quotes ("…") if you meant to quote the value',
    );
  });

  it('blames the tip that brought in a second spelling of a tag, not the tips that used it first', async () => {
    const { warnings } = await problemsWith('tips/tag-variant.mdx');
    expect(warnings.filter((w) => w.includes('looks like the existing tag'))).toEqual([
      'content/tips/tag-variant.mdx:6: tag 2 "component" looks like the existing tag "components" (content/tips/every-component.mdx and 1 more): use one spelling so readers find every tip on it',
    ]);
  });

  it('warns when a <Takeaway> in the body repeats the takeaway field word for word', async () => {
    const { warnings } = await problemsWith('tips/repeated-takeaway.mdx');
    expect(warnings).toContain(
      'content/tips/repeated-takeaway.mdx:12: the <Takeaway> in the body repeats the takeaway field word for word, and the page and the email already show that line in a box at the top: say something new in it (how to practise the lesson, say), or remove it',
    );
  });
});
