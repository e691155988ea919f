/**
 * The two-thread prerenderer around a stand-in for Astro's own prerenderer (main thread) and
 * a stand-in prerender bundle (worker thread); real builds are compared byte for byte against
 * one-thread builds in src/build-cache.build.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AstroIntegrationLogger, AstroPrerenderer } from 'astro';
import { afterAll, describe, expect, it } from 'vitest';
import { parallelPrerenderer, type PrerenderedPage } from './parallel-prerenderer.fs.ts';

const root = mkdtempSync(join(tmpdir(), 'totw-parallel-prerender-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tip = { route: '/tips/[slug]', component: 'src/pages/tips/[slug].astro' };
const issue = { route: '/issues/[number]', component: 'src/pages/issues/[number].astro' };
const feed = { route: '/rss.xml', component: 'src/pages/rss.xml.ts' };

function bundleDir(name: string, entry: string): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'prerender-entry.abc123.mjs'), entry);
  return dir;
}

const workingBundle = `
const routes = [{ routeData: { route: '/tips/[slug]', component: 'src/pages/tips/[slug].astro' } }];
export const app = {
  manifest: { routes },
  setInternals() {}, setOptions() {},
  async render(request) {
    await new Promise((r) => setTimeout(r, 5));
    return new Response('<main data-pagefind-body>worker ' + new URL(request.url).pathname + '</main>', { headers: { 'content-type': 'text/html' } });
  },
};`;

/** Astro's own prerenderer, reduced to what the wrapper uses; records how many renders overlap. */
function standInDefault() {
  let running = 0;
  const overlaps: number[] = [];
  const prerenderer = {
    name: 'astro:default',
    app: { getSettings: () => ({ scripts: [] }) },
    async setup() {},
    async getStaticPaths() {
      return [];
    },
    async render(request: Request, { routeData }: { routeData: { route: string } }) {
      running += 1;
      overlaps.push(running);
      const body = new ReadableStream({
        async start(controller) {
          await new Promise((r) => setTimeout(r, 2));
          controller.enqueue(new TextEncoder().encode(`main ${new URL(request.url).pathname}`));
          controller.close();
          running -= 1;
        },
      });
      const type = routeData.route === '/rss.xml' ? 'application/xml' : 'text/html';
      return new Response(body, { headers: { 'content-type': type } });
    },
  };
  return { prerenderer, overlaps };
}

const logs: string[] = [];
const logger = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(`warn: ${m}`), error: (m: string) => logs.push(`error: ${m}`) } as unknown as AstroIntegrationLogger;

function wrap(prerenderDir: string, onPage: (page: PrerenderedPage) => void) {
  const { prerenderer, overlaps } = standInDefault();
  const wrapped = parallelPrerenderer(prerenderer as unknown as AstroPrerenderer, {
    prerenderDir,
    pages: () => new Map(),
    workerRoutes: new Set([tip.component]),
    onPage,
    logger,
  });
  const render = (path: string, routeData: typeof tip) =>
    wrapped.render(new Request(`https://x.example${path}`), { routeData: routeData as never }).then(async (r) => (r instanceof Response ? r : r.response).text());
  return { wrapped, render, overlaps };
}

describe('parallelPrerenderer', () => {
  it('renders worker routes on the worker and the rest one at a time on the main thread, handing pages on in order', async () => {
    logs.length = 0;
    const pages: PrerenderedPage[] = [];
    const { wrapped, render, overlaps } = wrap(bundleDir('ok', workingBundle), (page) => pages.push(page));
    await wrapped.setup!();
    const bodies = await Promise.all([
      render('/tips/a/', tip),
      render('/issues/1/', issue),
      render('/tips/b/', tip),
      render('/rss.xml', feed),
      render('/issues/2/', issue),
    ]);
    await wrapped.teardown!();
    expect(bodies).toEqual(['<main data-pagefind-body>worker /tips/a/</main>', 'main /issues/1/', '<main data-pagefind-body>worker /tips/b/</main>', 'main /rss.xml', 'main /issues/2/']);
    expect(Math.max(...overlaps)).toBe(1);
    expect(pages.map((p) => p.url)).toEqual(['/tips/a/', '/issues/1/', '/tips/b/', '/issues/2/']);
    expect(pages[0]!.html).toBe('<main data-pagefind-body>worker /tips/a/</main>');
    expect(logs).toContainEqual(expect.stringMatching(/^src\/pages\/tips\/\[slug\]\.astro: 2 pages in [\d.]+ s \(worker\)$/));
    expect(logs).toContainEqual(expect.stringMatching(/^src\/pages\/issues\/\[number\]\.astro: 2 pages in [\d.]+ s \(main\)$/));
    expect(logs.at(-1)).toBe('Prerendered 5 pages: 3 on the main thread, 2 on the worker thread.');
  });

  it("fails the worker's pages with the reason it could not start, and still renders the main thread's", async () => {
    const { wrapped, render } = wrap(bundleDir('broken', "throw new Error('bundle is broken');"), () => {});
    await wrapped.setup!();
    await expect(render('/tips/a/', tip)).rejects.toThrow('bundle is broken');
    expect(await render('/issues/1/', issue)).toBe('main /issues/1/');
    await expect(wrapped.teardown!()).resolves.toBeUndefined();
  });
});
