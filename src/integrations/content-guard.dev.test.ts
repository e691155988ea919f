/**
 * `npm run dev` agrees with `npm run check` (slow: starts astro dev on the fixture publication):
 * while content has errors, every page answers with the check's own `file:line: message` lines
 * (never a rolled-over date, never a stack from our code), warnings reach the terminal, and an
 * open page reloads by itself once the file is fixed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser } from '../testing/browser.fs.ts';
import { projectRoot, stageProject } from '../testing/build-site.fs.ts';
import { startDevServer, type DevServer } from '../testing/dev-server.fs.ts';

let root: string;
let dev: DevServer;
const tipFile = () => join(root, 'content/tips/older-tip.mdx');
let original = '';
const get = async (path: string) => {
  const response = await fetch(`${dev.url}${path}`);
  return { status: response.status, html: await response.text() };
};
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
/** The error lines of the problem page (its first list; warnings follow under their own heading). */
const errorsOn = (html: string) => [...(/<ul>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]!).trim());
/** Saves the tip with `from` replaced by `to`, as an editor would. */
const edit = (from: string, to: string) => {
  if (!original.includes(from)) throw new Error(`the fixture tip no longer contains ${from}; update this test`);
  writeFileSync(tipFile(), original.replace(from, to));
};
/** Waits until `path` answers as `check` says, polling while the dev server picks up the save. */
const until = async (path: string, check: (page: { status: number; html: string }) => void) =>
  vi.waitFor(async () => check(await get(path)), { timeout: 30_000, interval: 250 });

beforeAll(async () => {
  root = stageProject(join(projectRoot, 'src/testing/fixtures/content'), 'totw-guard-dev-');
  original = readFileSync(tipFile(), 'utf8');
  dev = await startDevServer(root);
});
afterAll(async () => {
  await dev?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

// Each test waits up to 30 s for the dev server to pick up a save (slow on a loaded CI machine): its own time limit
// must be longer than that wait, or vitest's default 15 s cuts it off first.
describe('npm run dev with content the check refuses', { timeout: 90_000 }, () => {
  it('never renders an impossible date rolled over: every page shows the line npm run check prints', async () => {
    expect((await get('/tips/older-tip/')).status).toBe(200);
    edit('date: 2025-12-29', 'date: 2025-11-31');
    const line = 'content/tips/older-tip.mdx:3: date 2025-11-31 is not a day of the calendar (November 2025 has 30 days): write it as YYYY-MM-DD';
    for (const path of ['/tips/older-tip/', '/', '/issues/1/', '/email/issue-1.html']) {
      await until(path, (page) => {
        expect(page.status, path).toBe(500);
        expect(errorsOn(page.html), path).toEqual([line]);
      });
    }
    const page = await get('/tips/older-tip/');
    expect(page.html).not.toMatch(/December 1, 2025|2025-12-01/);
    expect(text(page.html)).toContain('Content check found 1 error');
    await vi.waitFor(() => expect(dev.logs()).toContain(`  - ${line}`));
  });

  it('blames the file with the impossible date, in the words of the check, with no stack from our code', async () => {
    edit('date: 2025-12-29', 'date: 2025-12-32');
    const line = 'content/tips/older-tip.mdx:3: date 2025-12-32 is not a day of the calendar (December 2025 has 31 days): write it as YYYY-MM-DD';
    await until('/issues/1/', (page) => expect(errorsOn(page.html)).toEqual([line]));
    const page = await get('/issues/1/');
    expect(page.html).not.toMatch(/queries\.ts|\bat .+:\d+:\d+/);
    expect(dev.logs()).not.toMatch(/queries\.ts/);
    expect(dev.logs()).not.toContain('Nothing was built');
    expect(dev.logs()).toContain('Content check found 1 error. Pages show this list instead of content until they are fixed; save the file and the dev server checks again:');
  });

  it("shows an MDX syntax error as the check's friendly line, not the compiler's", async () => {
    edit('Body of the older tip.', 'Body of the older tip.\n\n<Takeaway label="Try this>Answer first.</Takeaway>');
    const line = 'content/tips/older-tip.mdx:13:1: the quote " opened after label= in <Takeaway> is never closed, so the tag never ends: close the value with " before the >, e.g. <Takeaway label="Try this">';
    await until('/tips/older-tip/', (page) => expect(errorsOn(page.html)).toEqual([line]));
    expect((await get('/tips/older-tip/')).html).not.toContain('mdx-jsx');
  });

  it('prints warnings (tracking parameters, a pick from an earlier issue) in the terminal and serves the pages', async () => {
    writeFileSync(tipFile(), original);
    const issueFile = join(root, 'content/issues/2.mdx');
    const issue = readFileSync(issueFile, 'utf8');
    if (!issue.includes('url: https://example.com/hidden-2-a\n')) throw new Error('the fixture issue 2 no longer picks https://example.com/hidden-2-a; update this test');
    writeFileSync(issueFile, issue.replace('url: https://example.com/hidden-2-a\n', 'url: https://example.com/one?utm_source=newsletter\n'));
    try {
      await until('/issues/2/', (page) => expect(page.status).toBe(200));
      await vi.waitFor(() => {
        expect(dev.logs()).toContain('  - content/issues/2.mdx:8: pick 1 (url) has tracking parameters: use https://example.com/one');
        expect(dev.logs()).toContain('  - content/issues/2.mdx:8: pick 1 (url) was already picked in issue #1 (content/issues/1.md): pick something new, or say why it is back');
      });
    } finally {
      writeFileSync(issueFile, issue);
    }
  });
});

describe('npm run dev in a browser', () => {
  it('reloads the open problem page by itself once the file is fixed', async () => {
    edit('date: 2025-12-29', 'date: 2025-02-30');
    await until('/tips/older-tip/', (page) => expect(page.status).toBe(500));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${dev.url}/tips/older-tip/`);
      await page.waitForSelector('h1');
      expect(await page.textContent('h1')).toBe('Content check found 1 error');
      writeFileSync(tipFile(), original);
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'An older tip by a guest', undefined, { timeout: 30_000 });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
