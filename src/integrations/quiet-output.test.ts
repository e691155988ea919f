import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { runScript } from '../testing/run-script.fs.ts';
import { onBundlerWarning } from './bundler-warnings.ts';
import { isNoMatchingStaticPathWarning, PageTally, perPageLinePart } from './log-destination.ts';

describe('bundler warnings', () => {
  const passed = (log: { code?: string; message: string }) => {
    const seen: unknown[] = [];
    onBundlerWarning(log, (l) => seen.push(l));
    return seen.length === 1;
  };

  it('drops only the head-inject directive notice', () => {
    expect(passed({ code: 'MODULE_LEVEL_DIRECTIVE', message: 'The semantics of the module level directive "use astro:head-inject" in "content/tips/x.mdx?astroPropagatedAssets" may not be preserved when bundling.' })).toBe(false);
    expect(passed({ code: 'MODULE_LEVEL_DIRECTIVE', message: 'The semantics of the module level directive "use client" in "src/x.ts" may not be preserved when bundling.' })).toBe(true);
    expect(passed({ code: 'CIRCULAR_DEPENDENCY', message: 'Circular dependency: "use astro:head-inject"' })).toBe(true);
    expect(passed({ message: 'anything else' })).toBe(true);
  });
});

describe('dev log destination', () => {
  it('drops only the router warning for a path no page matches', () => {
    const message = 'A `getStaticPaths()` route pattern was matched, but no matching static path was found for requested path `/tips/x/`.';
    expect(isNoMatchingStaticPathWarning({ level: 'warn', label: 'router', message })).toBe(true);
    expect(isNoMatchingStaticPathWarning({ level: 'warn', label: 'router', message: 'Another router warning' })).toBe(false);
    expect(isNoMatchingStaticPathWarning({ level: 'error', label: 'router', message })).toBe(false);
    expect(isNoMatchingStaticPathWarning({ level: 'warn', label: 'vite', message })).toBe(false);
  });
});

describe('build log destination', () => {
  it('recognises the parts of the per-page lines of prerendering and nothing else', () => {
    expect(perPageLinePart({ level: 'info', label: null, message: '  \u001b[34m├─\u001b[39m \u001b[2m/tips/x/index.html\u001b[22m' })).toBe('path');
    expect(perPageLinePart({ level: 'info', label: 'SKIP_FORMAT', message: ' \u001b[2m(+12ms)\u001b[22m ' })).toBe('rendered');
    expect(perPageLinePart({ level: 'info', label: 'SKIP_FORMAT', message: ' (+1.24s) ' })).toBe('rendered');
    expect(perPageLinePart({ level: 'info', label: 'SKIP_FORMAT', message: ' \u001b[32m(cached)\u001b[39m' })).toBe('reused');
    expect(perPageLinePart({ level: 'info', label: 'SKIP_FORMAT', message: ' (restored)' })).toBe('reused');
    // An empty page is worth seeing, and so is everything else Astro says.
    expect(perPageLinePart({ level: 'info', label: 'SKIP_FORMAT', message: ' (+2ms) (file not created, response body was empty)' })).toBeUndefined();
    expect(perPageLinePart({ level: 'info', label: 'SKIP_FORMAT', message: ' prerendering static routes ' })).toBeUndefined();
    expect(perPageLinePart({ level: 'warn', label: null, message: '  ├─ /x/index.html' })).toBeUndefined();
    expect(perPageLinePart({ level: 'info', label: 'build', message: '├─ something' })).toBeUndefined();
  });

  it('counts rendered and reused pages into one line per run', () => {
    const tally = new PageTally();
    expect(tally.take()).toBeUndefined();
    for (const part of ['path', 'rendered', 'path', 'reused', 'path', 'reused'] as const) expect(tally.add(part)).toBe(true);
    expect(tally.add(undefined)).toBe(false);
    expect(tally.take()).toBe('3 pages: 1 rendered, 2 reused from the last build');
    expect(tally.take()).toBeUndefined();
    for (let i = 0; i < 1200; i++) tally.add('rendered');
    expect(tally.take()).toBe('1,200 pages rendered');
  });

  it("counts the social cards apart, with their drawing time, for bench:build's card line", () => {
    const tally = new PageTally();
    const events: [Parameters<PageTally['add']>[0], string][] = [
      ['path', '  ├─ /og/tips/own-it.png'], ['rendered', ' (+12ms)'],
      ['path', '  ├─ /tips/own-it/index.html'], ['rendered', ' (+40ms)'],
      ['path', '  ├─ /og/issues/3.png'], ['rendered', ' (+1.5s)'],
      ['path', '  ├─ /og/issues/4.png'], ['reused', ' (cached)'],
    ];
    for (const [part, text] of events) tally.add(part, text);
    expect(tally.takeCards()).toBe('social cards: 2 drawn in 1.51 s, 1 reused');
    expect(tally.take()).toBe('4 pages: 3 rendered, 1 reused from the last build');
    expect(tally.takeCards()).toBeUndefined();
  });
});

describe('npm run dev', () => {
  it('does not check for a newer Astro (the project preference in .astro/settings.json): upgrades go through the lockfile', async () => {
    const astro = join(projectRoot, 'node_modules/astro/bin/astro.mjs');
    const { code, stdout, stderr } = await runScript(astro, ['preferences', 'get', 'checkUpdates.enabled'], { cwd: projectRoot, env: { ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' } });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/checkUpdates\.enabled is set to\s+false/);
  });
});
