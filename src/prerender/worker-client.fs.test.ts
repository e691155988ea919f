/**
 * The prerender worker thread and its client, with a small stand-in for Astro's prerender
 * bundle (the real one is exercised by every build test, and compared byte for byte against
 * a one-thread build in src/build-cache.build.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imageBuffer } from './images.ts';
import type { WorkerSetup } from './protocol.ts';
import { PrerenderWorker, type WorkerLog } from './worker-client.fs.ts';

const dir = mkdtempSync(join(tmpdir(), 'totw-prerender-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const standIn = `
let internals, options;
const routes = [
  { routeData: { route: '/tips/[slug]', component: 'src/pages/tips/[slug].astro' } },
  { routeData: { route: '/empty', component: 'src/pages/empty.ts' } },
];
export const app = {
  manifest: { routes },
  setInternals(value) { internals = value; },
  setOptions(value) { options = value; },
  async render(request, { routeData }) {
    const { pathname } = new URL(request.url);
    if (routeData.route === '/empty') return new Response(null, { status: 204 });
    if (pathname === '/tips/broken/') throw Object.assign(new TypeError('cannot read the tip'), { hint: 'Check the tip.' });
    if (pathname === '/tips/warns/') options.logger.options.destination.write({ level: 'warn', label: 'content', message: 'careful' });
    if (pathname === '/tips/dies/') process.exit(3);
    if (pathname === '/tips/image/') {
      const src = new Proxy({ src: '/hero.jpg', width: 800 }, {});
      const url = globalThis.astroAsset.addStaticImage({ src, width: 400, format: 'webp' }, ['src', 'width', 'format'], '/site/hero.jpg');
      globalThis.astroAsset.referencedImages.add('/site/hero.jpg');
      return new Response(url, { headers: { 'content-type': 'text/plain' } });
    }
    const styles = JSON.stringify(internals.pagesByKeys.get('tips')?.styles);
    return new Response('<p>' + pathname + ' ' + styles + '</p>', { status: 200, headers: { 'content-type': 'text/html', 'x-route': routeData.route } });
  },
};`;

function entry(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const setup = (path: string): WorkerSetup => ({ entry: path, pages: [['tips', { styles: [{ sheet: 'a.css' }] }]], scripts: [] });
const tipRoute = { route: '/tips/[slug]', component: 'src/pages/tips/[slug].astro' };

describe('PrerenderWorker', () => {
  it("asks the main thread's image registry for each image's URL, and reports referenced images", async () => {
    const calls: unknown[][] = [];
    const previous = (globalThis as { astroAsset?: unknown }).astroAsset;
    (globalThis as { astroAsset?: unknown }).astroAsset = {
      addStaticImage: (...args: unknown[]) => {
        calls.push(args);
        if (calls.length === 2) throw new Error('cannot optimize hero.jpg');
        return '/_astro/hero_abc.webp';
      },
    };
    try {
      const worker = await PrerenderWorker.start({ ...setup(entry('img.mjs', standIn)), images: imageBuffer() }, () => {});
      try {
        const page = await worker.render('https://x.example/tips/image/', tipRoute);
        expect(new TextDecoder().decode(page.body)).toBe('/_astro/hero_abc.webp');
        expect(calls).toEqual([[{ src: { src: '/hero.jpg', width: 800 }, width: 400, format: 'webp' }, ['src', 'width', 'format'], '/site/hero.jpg']]);
        await expect(worker.render('https://x.example/tips/image/', tipRoute)).rejects.toThrow('cannot optimize hero.jpg');
        expect(await worker.referencedImages()).toEqual(['/site/hero.jpg']);
      } finally {
        await worker.close();
      }
    } finally {
      (globalThis as { astroAsset?: unknown }).astroAsset = previous;
    }
  });


  it('renders pages with the page data it was given, and passes warnings on', async () => {
    const logs: WorkerLog[] = [];
    const worker = await PrerenderWorker.start(setup(entry('ok.mjs', standIn)), (log) => logs.push(log));
    try {
      const page = await worker.render('https://x.example/tips/greet/', tipRoute);
      expect(page.status).toBe(200);
      expect(page.hasBody).toBe(true);
      expect(new TextDecoder().decode(page.body)).toBe('<p>/tips/greet/ [{"sheet":"a.css"}]</p>');
      expect(page.headers).toContainEqual(['x-route', '/tips/[slug]']);
      const empty = await worker.render('https://x.example/empty', { route: '/empty', component: 'src/pages/empty.ts' });
      expect(empty).toMatchObject({ status: 204, hasBody: false });
      await worker.render('https://x.example/tips/warns/', tipRoute);
      expect(logs).toEqual([{ level: 'warn', label: 'content', message: 'careful' }]);
    } finally {
      await worker.close();
    }
  });

  it('fails a page that throws with its error, and goes on with the next', async () => {
    const worker = await PrerenderWorker.start(setup(entry('ok2.mjs', standIn)), () => {});
    try {
      const failed = await worker.render('https://x.example/tips/broken/', tipRoute).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(Error);
      expect(failed).toMatchObject({ name: 'TypeError', message: 'cannot read the tip', hint: 'Check the tip.' });
      await expect(worker.render('https://x.example/x/', { route: '/x', component: 'src/pages/x.astro' })).rejects.toThrow('The prerender bundle has no route /x (src/pages/x.astro).');
      expect((await worker.render('https://x.example/tips/next/', tipRoute)).status).toBe(200);
    } finally {
      await worker.close();
    }
  });

  it("fails to start with the bundle's own error", async () => {
    await expect(PrerenderWorker.start(setup(entry('throws.mjs', "throw new Error('bundle is broken');")), () => {})).rejects.toThrow('bundle is broken');
    await expect(PrerenderWorker.start(setup(join(dir, 'missing.mjs')), () => {})).rejects.toThrow(/missing\.mjs/);
  });

  it('fails the pages it owed when the thread dies, and every page after', async () => {
    const worker = await PrerenderWorker.start(setup(entry('ok3.mjs', standIn)), () => {});
    const owed = worker.render('https://x.example/tips/greet/', tipRoute);
    const dies = worker.render('https://x.example/tips/dies/', tipRoute);
    const queued = worker.render('https://x.example/tips/later/', tipRoute);
    expect((await owed).status).toBe(200);
    await expect(dies).rejects.toThrow('The prerender worker thread exited (code 3).');
    await expect(queued).rejects.toThrow('The prerender worker thread exited (code 3).');
    await expect(worker.render('https://x.example/tips/after/', tipRoute)).rejects.toThrow('exited (code 3)');
    await expect(worker.referencedImages()).rejects.toThrow('exited (code 3)');
    await worker.close();
  });
});
