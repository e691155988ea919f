/**
 * Runs axe-core (WCAG 2.1 A/AA, plus its best practices: unique landmarks, one main, heading
 * order) in a page of a context made by newAxeContext() and returns "rule: targets" lines. Only
 * violations are collected in full (axe's documented `resultTypes` option): passes and incomplete results
 * keep one node each instead of a selector for every element, which is most of axe's time on a long page
 * and changes no violation.
 */
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * A context whose every page loads axe as a Playwright init script, before the page's own scripts. The
 * page's Content-Security-Policy does not apply to init scripts, so pages are checked as served, CSP
 * included, and no page waits for a 500 KB script tag: about a third less time a page (docs/benchmarks.md).
 */
export async function newAxeContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ path: axeSource });
  return context;
}

export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) throw new Error('axe is not loaded in this page: make its browser context with newAxeContext().');
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
