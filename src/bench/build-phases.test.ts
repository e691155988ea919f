import { describe, expect, it } from 'vitest';
import { buildPhases, ownerOf, routeTimes, selfTimeByOwner } from './build-phases.ts';

const log = (entries: [number, string][]) => entries.map(([at, line]) => ({ at, line }));

describe('buildPhases', () => {
  it('splits a site build at the lines Astro and our integrations print', () => {
    const lines = log([
      [1500, '20:10:15 [content] Syncing content'],
      [2000, '20:10:16 [build] Collecting build info...'],
      [5000, '20:10:18 [vite] ✓ built in 2.19s'],
      [5200, ' \x1b[42m prerendering static routes \x1b[0m'],
      [6000, '  ├─ /tips/a/index.html (+12ms)'],
      [9000, '20:10:22 ✓ Completed in 3.08s.'],
      [9100, '20:10:22 [build] ✓ Completed in 6.09s.'],
      [9300, '20:10:22 [@astrojs/sitemap] `sitemap-index.xml` created at `dist/client`'],
      [10300, '20:10:23 [tip-of-the-week:email-artifacts] 50 issue emails checked'],
      [10700, '20:10:23 [tip-of-the-week:search-index] Search index: 424 pages.'],
    ]);
    expect(buildPhases(lines, 11000)).toEqual([
      { name: 'start-up (config, Vite, integrations)', millis: 1500 },
      { name: 'content sync and types', millis: 500 },
      { name: 'bundling (Vite)', millis: 3200 },
      { name: 'rendering pages, feeds, emails', millis: 3800 },
      { name: 'sitemap', millis: 300 },
      { name: 'emails (checks, move to build/)', millis: 1000 },
      { name: 'search index (Pagefind)', millis: 400 },
      { name: 'finishing (other hooks, exit)', millis: 300 },
    ]);
  });

  it('leaves out the phases a bare static build does not have', () => {
    const lines = log([
      [1000, '[content] Syncing content'],
      [1200, '[build] Collecting build info...'],
      [3000, ' generating static routes '],
      [3800, '✓ Completed in 814ms.'],
    ]);
    expect(buildPhases(lines, 4000).map((p) => p.name)).toEqual([
      'start-up (config, Vite, integrations)',
      'content sync and types',
      'bundling (Vite)',
      'rendering pages, feeds, emails',
      'finishing (other hooks, exit)',
    ]);
  });
});

describe('routeTimes', () => {
  it('sums render times by route shape, slowest first', () => {
    const lines = log([
      [0, '  \x1b[34m├─\x1b[0m \x1b[2m/tips/tip-1/index.html\x1b[0m \x1b[2m(+12ms)\x1b[0m'],
      [0, '  ├─ /tips/tip-22/index.html (+8ms)'],
      [0, '  ├─ /email/manifest.json (+1.50s)'],
    ]);
    expect(routeTimes(lines)).toEqual([
      { route: '/email/manifest.json', count: 1, millis: 1500 },
      { route: '/tips/tip-N/index.html', count: 2, millis: 20 },
    ]);
  });
});

describe('selfTimeByOwner', () => {
  it('adds up sample time by package, V8 entry or project code', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { url: 'file:///p/node_modules/caniemail/dist/x.js', functionName: 'f' } },
        { id: 2, callFrame: { url: 'file:///p/node_modules/@astrojs/mdx/dist/y.js', functionName: 'g' } },
        { id: 3, callFrame: { url: '', functionName: '(garbage collector)' } },
        { id: 4, callFrame: { url: 'file:///p/dist/server/chunks/page.mjs', functionName: 'h' } },
      ],
      samples: [1, 1, 2, 3, 4],
      timeDeltas: [1000, 2000, 500, 4000, 250],
    };
    expect(selfTimeByOwner(profile)).toEqual([
      { owner: '(garbage collector)', millis: 4 },
      { owner: 'caniemail', millis: 3 },
      { owner: '@astrojs/mdx', millis: 0.5 },
      { owner: 'project code', millis: 0.25 },
    ]);
    expect(ownerOf({ url: 'node:internal/modules/esm/utils', functionName: 'x' })).toBe('node (built-ins)');
  });
});
