/**
 * `npm run dev` on the fixture publication (slow: starts astro dev, once for all of these):
 * editors can preview drafts and scheduled entries, marked as such and listed on /drafts/; a
 * mistyped URL is a quiet 404; a sign-up works with no start-up step; and, last, as the content
 * is edited, the dev server agrees with `npm run check` (the content-guard integration). The
 * build side (nothing of this is built) is checked in site.build.test.ts.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { axeViolations, newAxeContext } from './testing/axe.fs.ts';
import { launchBrowser } from './testing/browser.fs.ts';
import { projectRoot, stageProject } from './testing/build-site.fs.ts';
import { startDevServer, type DevServer } from './testing/dev-server.fs.ts';

let root: string;
let dev: DevServer;
/** The tip the content-guard tests edit, and its text as staged. */
const tipFile = () => join(root, 'content/tips/older-tip.mdx');
let original = '';
/** One chromium for the file, started by the first test that needs it; each test opens its own context. */
let browser: Browser | undefined;
const newContext = async (options: Parameters<Browser['newContext']>[0] = {}) => (browser ??= await launchBrowser()).newContext(options);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const banner = (html: string) => text(/<p class="preview-banner"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
const get = async (path: string) => {
  const response = await fetch(`${dev.url}${path}`);
  return { status: response.status, html: await response.text() };
};

beforeAll(async () => {
  root = stageProject(join(projectRoot, 'src/testing/fixtures/content'), 'totw-dev-');
  original = readFileSync(tipFile(), 'utf8');
  // One item per feed, so the fixture's two-tip tag shows the limit (the build test sees both at the default).
  const siteFile = join(root, 'src/config/site.ts');
  const config = readFileSync(siteFile, 'utf8');
  if (!config.includes('  feedItems: 20,\n')) throw new Error('src/config/site.ts no longer sets feedItems: 20; update this test');
  writeFileSync(siteFile, config.replace('  feedItems: 20,\n', '  feedItems: 1,\n'));
  dev = await startDevServer(root);
});
afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it('carries only the newest site.feedItems items in a feed', async () => {
    const feed = await get('/tags/components/rss.xml');
    expect(feed.status).toBe(200);
    expect([...feed.html.matchAll(/<item><title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual(['A tip that uses every component']);
  });

  it("previews an issue's email finished as it is sent: styles inlined, text part alongside", async () => {
    const html = await get('/email/issue-1.html');
    expect(html.status).toBe(200);
    // Rules are inlined (juice); only media queries stay in <style>, for clients that read them.
    const styles = [...html.html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('');
    expect(styles.replace(/@media[^{]*\{(?:[^{}]*\{[^}]*\})*\s*\}/g, '')).not.toContain('{');
    expect(html.html).toMatch(/class="outer"[^>]*style="background-color/);
    const textPart = await get('/email/issue-1.txt');
    expect(textPart.status).toBe(200);
    expect(textPart.html).toContain('Tip of the Week');
    expect(textPart.html).not.toMatch(/<\/?[a-z]+[\s>]/);
    const notice = await get('/email/notice-confirm.html');
    expect(notice.status).toBe(200);
    expect(notice.html).toMatch(/style="[^"]+"/);
    const change = await get('/email/notice-change.html');
    expect(change.status).toBe(200);
    expect(change.html).toContain('<title>Confirm your new address for Tip of the Week</title>');
  });

  it("previews the pictures in a tip's text as the email shows them: JPEG or PNG, with size and alt, loaded from the dev server", async () => {
    const html = (await get('/email/issue-1.html')).html;
    const images = [...html.matchAll(/<img class="body-image" src="([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]+)"/g)];
    expect(images.map(([, , width, height, alt]) => [width, height, alt])).toEqual([
      ['552', '311', 'A queue board with three columns of cards, fewest in the last'],
      ['400', '200', 'Bar chart of first-reply times over five weeks'],
    ]);
    for (const [, src] of images) {
      expect(src!.startsWith(`${dev.url}/_image`), src).toBe(true);
      const picture = await fetch(src!.replace(/&amp;/g, '&'));
      expect(picture.status).toBe(200);
      expect(picture.headers.get('content-type')).toMatch(/^image\/(jpeg|png)$/);
    }
  });

  it('shows a draft tip and a draft issue with a Draft banner', async () => {
    for (const path of ['/tips/draft-tip/', '/issues/3/']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(banner(page.html), path).toBe('Draft : only npm run dev shows this page. Set draft: false to publish it. All drafts');
      expect(page.html, path).toContain('<meta name="robots" content="noindex');
    }
    expect((await get('/tips/draft-tip/')).html).toContain('DRAFT-TIP-MARKER');
  });

  it('shows scheduled entries with the day they go live', async () => {
    for (const path of ['/tips/future-tip/', '/issues/2/']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(banner(page.html), path).toBe('Scheduled for January 5, 2099 : readers see this page from that day. All drafts and scheduled entries');
    }
  });

  it('lists every draft and scheduled entry on /drafts/, oldest first, with links and files', async () => {
    const page = await get('/drafts/');
    expect(page.status).toBe(200);
    const rows = [...page.html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!)).slice(1);
    expect(rows).toEqual([
      'Tip DRAFT-TIP-MARKER Draft December 1, 2025 content/tips/draft-tip.mdx',
      'Tip FUTURE-TIP-MARKER Scheduled January 5, 2099 content/tips/future-tip.mdx',
      'Issue #2 Scheduled January 5, 2099 content/issues/2.mdx',
      'Issue #3 Draft January 12, 2099 content/issues/3.mdx',
    ]);
    expect(page.html).toMatch(/href="\/tips\/draft-tip\/"/);
    expect(page.html).toMatch(/href="\/issues\/3\/"/);
  });

  it('keeps published pages free of the banner and lists free of drafts', async () => {
    const tip = await get('/tips/every-component/');
    expect(tip.status).toBe(200);
    expect(tip.html).not.toContain('<p class="preview-banner"');
    expect((await get('/tips/')).html).not.toMatch(/DRAFT-|FUTURE-/);
  });

  it('answers a mistyped tip or issue address with a 404 and no router warning', async () => {
    for (const path of ['/tips/no-such-tip/', '/issues/99/', '/tags/no-such-tag/']) {
      expect((await get(path)).status, path).toBe(404);
    }
    await expect.poll(() => dev.logs()).toContain('[404] /tags/no-such-tag/');
    expect(dev.logs()).not.toContain('[router]');
    expect(dev.logs()).not.toContain('no matching static path');
  });
});

// There is no start-up step under astro dev: the Astro middleware builds the services on the first on-demand
// page, and the sign-up emails come from the dev server itself, as .eml files in the project's outbox/.
describe('npm run dev sign-up', () => {
  it('takes a sign-up and writes the confirmation email, with the services the middleware built', async () => {
    expect((await fetch(`${dev.url}/subscribe/`)).status).toBe(200);
    const response = await fetch(`${dev.url}/subscribe/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: dev.url },
      body: new URLSearchParams({ email: 'dev.reader@example.com', form: 'dev-test' }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');
    const outbox = join(root, 'outbox');
    await vi.waitFor(() => expect(existsSync(outbox) && readdirSync(outbox).some((f) => f.endsWith('.eml'))).toBe(true), { timeout: 20_000, interval: 100 });
    const mail = await PostalMime.parse(readFileSync(join(outbox, readdirSync(outbox).find((f) => f.endsWith('.eml'))!)));
    expect(mail.to).toEqual([{ name: '', address: 'dev.reader@example.com' }]);
    expect(mail.text).toContain(`${dev.url}/confirm/?token=`);
    // Astro's CSP is for built pages; the dev server must not warn about it (nor about Shiki under it).
    expect(dev.logs()).not.toMatch(/\bCSP\b|Content Security Policy/);
  }, 60_000);
});

describe('npm run dev pages in a browser', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the draft list and the draft and scheduled banners in ${colorScheme} mode`, async () => {
      const context = await newAxeContext((browser ??= await launchBrowser()), { colorScheme });
      try {
        const page = await context.newPage();
        const found: string[] = [];
        for (const path of ['/drafts/', '/tips/draft-tip/', '/issues/2/']) {
          await page.goto(`${dev.url}${path}`);
          await page.waitForSelector('main');
          found.push(...(await axeViolations(page)).map((v) => `${path} ${v}`));
        }
        expect(found).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});

/*
 * `npm run dev` agrees with `npm run check` (the content-guard integration, src/integrations/content-guard.ts):
 * while content has errors, every page answers with the check's own `file:line: message` lines (never a
 * rolled-over date, never a stack from our code), warnings reach the terminal, and an open page reloads by
 * itself once the file is fixed. These edit the content, so they come after every test above, and put each
 * file back as it was.
 */
const decoded = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
/** The error lines of the problem page (its first list; warnings follow under their own heading). */
const errorsOn = (html: string) => [...(/<ul>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => decoded(m[1]!).trim());
/** Saves the tip with `from` replaced by `to`, as an editor would. */
const edit = (from: string, to: string) => {
  if (!original.includes(from)) throw new Error(`the fixture tip no longer contains ${from}; update this test`);
  writeFileSync(tipFile(), original.replace(from, to));
};
/** Waits until `path` answers as `check` says, polling while the dev server picks up the save. */
const until = async (path: string, check: (page: { status: number; html: string }) => void) =>
  vi.waitFor(async () => check(await get(path)), { timeout: 30_000, interval: 250 });

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
    expect(decoded(page.html)).toContain('Content check found 1 error');
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

describe('npm run dev with content the check refuses, in a browser', () => {
  it('reloads the open problem page by itself once the file is fixed', async () => {
    edit('date: 2025-12-29', 'date: 2025-02-30');
    await until('/tips/older-tip/', (page) => expect(page.status).toBe(500));
    const context = await newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${dev.url}/tips/older-tip/`);
      await page.waitForSelector('h1');
      expect(await page.textContent('h1')).toBe('Content check found 1 error');
      writeFileSync(tipFile(), original);
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'An older tip by a guest', undefined, { timeout: 30_000 });
    } finally {
      await context.close();
    }
  }, 60_000);
});
