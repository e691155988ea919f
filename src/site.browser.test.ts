/**
 * The built fixture site in a real browser (Debian's chromium): search, the quiz with
 * JavaScript off, accessibility (axe-core, WCAG 2 A/AA) in light mode on a desktop and dark mode on a phone,
 * and no sideways scrolling at the phone's width.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, newAxeContext } from './testing/axe.fs.ts';
import { launchBrowser } from './testing/browser.fs.ts';
import type { SiteBuild } from './testing/build-site.fs.ts';
import { sharedBuild } from './testing/shared-build.fs.ts';
import { serveStatic } from './testing/static-server.fs.ts';

let build: SiteBuild;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  server = await serveStatic(build.dist);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  build?.cleanup();
});

describe('search', () => {
  it('loads nothing until the reader types, then finds each tip once, and picks', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/search/`);
    expect(requested.filter((p) => p.startsWith('/pagefind/'))).toEqual([]);

    await page.fill('#search-input', 'parcel');
    await page.waitForSelector('#search-results li a');
    expect(requested.some((p) => p.startsWith('/pagefind/'))).toBe(true);
    const links = await page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
    // Each tip once: the issue that carries it is found by its own text (picks, note), not the tip's again.
    expect(links).toEqual(['/tips/every-component/']);
    await expect.poll(() => page.textContent('#search-status')).toMatch(/\d+ results?/);

    await page.fill('#search-input', 'Writer Three');
    await expect.poll(() => page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')))).toContain('/issues/1/');
    await page.close();
  });
});

describe('without JavaScript', () => {
  it('the quiz answer opens from the answer key', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/tips/every-component/`);
    const answer = page.locator('.quiz details p').first();
    expect(await answer.isVisible()).toBe(false);
    await page.click('.quiz summary');
    expect(await answer.isVisible()).toBe(true);
    expect(await answer.textContent()).toBe('Answer: B. Right one');
    await context.close();
  });
});

describe('accessibility and layout', () => {
  // One page of every type the build writes. /subscribe/ runs on the Node server: its accessibility
  // is checked in subscriptions.server.test.ts; /drafts/ exists only in dev.
  const pages = [
    '/',
    '/tips/',
    '/tips/every-component/',
    '/issues/',
    '/issues/1/',
    '/tags/',
    '/tags/components/',
    '/authors/',
    '/authors/guest/',
    '/about/',
    '/search/',
    '/missing-page/',
  ];

  it('covers every kind of page the build writes', () => {
    const kinds = (path: string) => path.replace(/\/(every-component|1|components|guest|missing-page)\//, '/<one>/');
    expect(new Set(pages.map(kinds)).size).toBe(pages.length);
  });

  it('the axe check finds violations on a page whose Content-Security-Policy forbids every script', async () => {
    const context = await newAxeContext(browser);
    const page = await context.newPage();
    const html = `<!doctype html><html lang="en"><head><title>Bad</title><meta http-equiv="Content-Security-Policy" content="script-src 'none'"></head><body><main><h1>Bad</h1><img src="x.png"><p style="color:#eee;background:#fff">Faint</p></main></body></html>`;
    await page.goto(`data:text/html,${encodeURIComponent(html)}`);
    expect(await axeViolations(page)).toEqual(['color-contrast: p', 'image-alt: img']);
    const plain = await (await browser.newContext()).newPage();
    await expect(axeViolations(plain)).rejects.toThrow('make its browser context with newAxeContext()');
    await context.close();
    await plain.context().close();
  });

  // Light mode on a desktop screen and dark mode on a phone: both colour schemes and both widths get the full axe
  // check, and at the phone's width every page is also checked for sideways scrolling.
  const screens = [
    { name: 'in light mode on a desktop screen', colorScheme: 'light', viewport: { width: 1280, height: 720 }, phone: false },
    { name: 'in dark mode on a phone, which each page fits without sideways scrolling', colorScheme: 'dark', viewport: { width: 360, height: 740 }, phone: true },
  ] as const;
  for (const { name, colorScheme, viewport, phone } of screens) {
    it(`has no axe violations (WCAG 2.1 A/AA and best practices) on any page type ${name}`, async () => {
      const context = await newAxeContext(browser, { colorScheme, viewport });
      const page = await context.newPage();
      const found: string[] = [];
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        found.push(...(await axeViolations(page)).map((v) => `${path} ${v}`));
        const overflow = phone ? await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) : 0;
        if (overflow > 0) found.push(`${path} scrolls sideways by ${overflow} px`);
      }
      expect(found).toEqual([]);
      await context.close();
    }, 60_000);
  }

  it('gives the skip link the focus first', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await context.close();
  });
});
