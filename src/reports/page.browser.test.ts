import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open.ts';
import { axeViolations, newAxeContext } from '../testing/axe.fs.ts';
import { launchBrowser } from '../testing/browser.fs.ts';
import { main } from './cli.ts';
import { seedPublication } from './seed-publication.db.ts';

let dir: string;
let file: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'totw-report-page-'));
  const url = `file:${join(dir, 'tips.db')}`;
  const db = await openDatabase(url);
  await seedPublication(db, { subscribers: 2000, issues: 8, start: new Date('2026-09-07T00:00:00Z'), unfinished: { pending: 1, uncertain: 2 } });
  await db.close();
  file = join(dir, 'report.html');
  await main(['--html', file], { DATABASE_URL: url }, { out: () => {}, now: () => new Date('2026-11-02T12:00:00Z') }, () => ({
    pausedNow: async () => 17,
    pickClicks: async (issue) => ({ picks: [{ pick: 1, title: `Pick one of #${issue}`, count: 40 + issue }, { pick: 2, count: 1 }], automated: 12 }),
  }));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the report page in a browser', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes axe in ${colorScheme} mode and fetches nothing but itself`, async () => {
      const context = await browser.newContext({ colorScheme, javaScriptEnabled: false });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      expect(requests).toEqual([pathToFileURL(file).href]);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(colorScheme === 'dark' ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)');
      await context.close();
      // axe is a script: run it in a context that allows scripts, on the same page.
      const checked = await newAxeContext(browser, { colorScheme });
      const axePage = await checked.newPage();
      await axePage.goto(pathToFileURL(file).href);
      await axePage.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      expect(await axeViolations(axePage)).toEqual([]);
      await checked.close();
    }, 60_000);
  }

  it('draws every chart visibly: a line per reader state, bars per issue, the limit line', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    for (const series of ['confirmed', 'pending', 'unsubscribed', 'bounced']) {
      const box = await page.locator(`path[data-series="${series}"]`).boundingBox();
      expect(box?.width, series).toBeGreaterThan(300);
    }
    expect(await page.locator('g[data-series="delivered"] rect').count()).toBe(8);
    expect((await page.locator('.threshold.limit line').boundingBox())?.width).toBeGreaterThan(300);
    expect(await page.locator('svg[role="img"]').count()).toBe(4);
    await page.close();
  }, 30_000);
});
