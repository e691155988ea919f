/**
 * Runs axe-core (WCAG 2.1 A/AA, plus its best practices: unique landmarks, one main, heading
 * order) in a Playwright page and returns "rule: targets" lines. Against the real server the
 * page's context must be created with `bypassCSP: true`: axe is injected as a script the site's
 * Content-Security-Policy (rightly) refuses. Only violations are collected in full (axe's documented
 * `resultTypes` option): passes and incomplete results keep one node each instead of a selector for
 * every element, which is most of axe's time on a long page and changes no violation.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
