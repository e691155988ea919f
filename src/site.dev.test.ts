/**
 * `npm run dev` on the fixture publication (slow: starts astro dev): editors can preview drafts
 * and scheduled entries, marked as such and listed on /drafts/; a mistyped URL is a quiet 404.
 * The build side (nothing of this is built) is checked in site.build.test.ts.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './testing/axe.fs.ts';
import { launchBrowser } from './testing/browser.fs.ts';
import { projectRoot, stageProject } from './testing/build-site.fs.ts';
import { startDevServer, type DevServer } from './testing/dev-server.fs.ts';

let root: string;
let dev: DevServer;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const banner = (html: string) => text(/<p class="preview-banner"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
const get = async (path: string) => {
  const response = await fetch(`${dev.url}${path}`);
  return { status: response.status, html: await response.text() };
};

beforeAll(async () => {
  root = stageProject(join(projectRoot, 'src/testing/fixtures/content'), 'totw-dev-');
  // One item per feed, so the fixture's two-tip tag shows the limit (the build test sees both at the default).
  const siteFile = join(root, 'src/config/site.ts');
  const config = readFileSync(siteFile, 'utf8');
  if (!config.includes('  feedItems: 20,\n')) throw new Error('src/config/site.ts no longer sets feedItems: 20; update this test');
  writeFileSync(siteFile, config.replace('  feedItems: 20,\n', '  feedItems: 1,\n'));
  dev = await startDevServer(root);
});
afterAll(async () => {
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

describe('npm run dev pages in a browser', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the draft list and the draft and scheduled banners in ${colorScheme} mode`, async () => {
      const browser = await launchBrowser();
      try {
        const page = await (await browser.newContext({ colorScheme })).newPage();
        const found: string[] = [];
        for (const path of ['/drafts/', '/tips/draft-tip/', '/issues/2/']) {
          await page.goto(`${dev.url}${path}`);
          await page.waitForSelector('main');
          found.push(...(await axeViolations(page)).map((v) => `${path} ${v}`));
        }
        expect(found).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  }
});
