/**
 * An Astro prerenderer (the adapter API's `setPrerenderer`) that wraps Astro's own and renders
 * the pages of some routes on a worker thread while the main thread renders the rest, one page
 * at a time, as Astro's does. Astro is told to ask for every page at once (build.concurrency)
 * so that both threads always have work, and once the main thread has rendered its own pages
 * it takes worker pages that are still waiting (plan.ts, TwoLanes). The files are written by
 * Astro as each page arrives.
 *
 * Pages are byte for byte what Astro's own prerenderer makes (src/build-cache.build.test.ts builds the fixture both ways):
 * the worker loads the same prerender bundle with the same page data.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AstroIntegrationLogger, AstroPrerenderer } from 'astro';
import { imageBuffer, mergeReferencedImages } from './images.ts';
import { InOrder, RenderTally, TwoLanes, formatRouteTally, threadFor } from './plan.ts';
import type { RenderedPage, WorkerSetup } from './protocol.ts';
import { PrerenderWorker } from './worker-client.fs.ts';

/** An HTML page as it was written, handed to `onPage` in the order Astro asked for the pages. */
export interface PrerenderedPage {
  /** The page's path on the site, e.g. /tips/greet-by-name/. */
  url: string;
  html: string;
}

export interface ParallelPrerendererOptions {
  /** Where Astro wrote its prerender bundle (dist/server/.prerender/ with the Node adapter). */
  prerenderDir: string;
  /** Astro's page data (the `pages` map of astro:build:setup, which runs after build:start): each page's stylesheets. */
  pages: () => ReadonlyMap<string, { styles: unknown[] }>;
  /** Components whose pages render on the worker, e.g. src/pages/tips/[slug].astro. */
  workerRoutes: ReadonlySet<string>;
  onPage?: ((page: PrerenderedPage) => void) | undefined;
  logger: AstroIntegrationLogger;
  /** Pages sent to the worker ahead of the one it is rendering (the rest wait, and the main thread may take them). */
  workerWindow?: number;
}

type Rendered = Awaited<ReturnType<AstroPrerenderer['render']>>;
type DefaultPrerenderer = AstroPrerenderer & { app?: { getSettings(): { scripts: { stage: string }[] } } };

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function responseOf(page: RenderedPage): Response {
  const body = page.hasBody && !NULL_BODY_STATUSES.has(page.status) ? page.body : null;
  return new Response(body, { status: page.status, statusText: page.statusText, headers: page.headers });
}

/** The page's body read to the end, so that rendering (streamed with the Node adapter) is over. */
async function settled(response: Response): Promise<Response> {
  if (response.body === null) return response;
  const body = await response.arrayBuffer();
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, response);
}

function prerenderEntry(prerenderDir: string): string {
  const entries = readdirSync(prerenderDir).filter((name) => name.startsWith('prerender-entry.') && name.endsWith('.mjs'));
  if (entries.length !== 1) {
    throw new Error(
      `Expected one prerender-entry.*.mjs in ${prerenderDir} (where Astro puts the prerender bundle with the Node adapter), found ${entries.length}. ` +
        'If the adapter or Astro changed where that bundle goes, update prerenderDir in src/integrations/parallel-prerender.ts; TOTW_PRERENDER_WORKER=0 builds on one thread meanwhile.',
    );
  }
  return join(prerenderDir, entries[0]!);
}

export function parallelPrerenderer(fallback: DefaultPrerenderer, options: ParallelPrerendererOptions): AstroPrerenderer {
  const { workerRoutes, onPage, logger } = options;
  const lanes = new TwoLanes(options.workerWindow ?? 4);
  const tally = new RenderTally();
  const order = new InOrder<PrerenderedPage>((page) => onPage?.(page));
  const decoder = new TextDecoder();
  // Started in setup() and not awaited there: the main thread renders its own pages while the
  // worker loads the bundle; the worker's pages wait for it (and fail with its error if it cannot start).
  let worker: Promise<PrerenderWorker> | undefined;

  function startWorker(): Promise<PrerenderWorker> | undefined {
    const scripts = fallback.app?.getSettings().scripts ?? [];
    // A script injected into every page needs Astro's bundle map, which only the main thread has.
    if (!fallback.app || scripts.some((script) => script.stage === 'page')) {
      logger.warn('Rendering every page on the main thread: an integration injects page scripts.');
      return undefined;
    }
    const setup: WorkerSetup = {
      entry: prerenderEntry(options.prerenderDir),
      pages: [...options.pages()].map(([key, page]) => [key, { styles: page.styles }]),
      scripts,
      images: imageBuffer(),
    };
    return PrerenderWorker.start(setup, ({ level, label, message }) => logger[level](label ? `[${label}] ${message}` : message));
  }

  /** Renders on the main thread; run through the main lane only, one page at a time. */
  async function renderOnMain(request: Request, renderOptions: Parameters<AstroPrerenderer['render']>[1]): Promise<Rendered> {
    const started = performance.now();
    const rendered = await fallback.render(request, renderOptions);
    const result = rendered instanceof Response ? await settled(rendered) : { ...rendered, response: await settled(rendered.response) };
    tally.add(renderOptions.routeData.component, 'main', performance.now() - started);
    return result;
  }

  async function renderOnWorker(request: Request, route: { route: string; component: string }): Promise<Response> {
    const page = await (await worker!).render(request.url, route);
    tally.add(route.component, 'worker', page.millis);
    return responseOf(page);
  }

  return {
    name: 'tip-of-the-week:parallel-prerender',
    async setup() {
      await fallback.setup?.();
      if (workerRoutes.size > 0) {
        worker = startWorker();
        // Awaited by the worker's first page and in teardown; this only keeps a failure from counting as unhandled before then.
        worker?.catch(() => {});
      }
    },
    getStaticPaths: () => fallback.getStaticPaths(),
    async render(request, renderOptions) {
      const ticket = order.ticket();
      try {
        const { routeData } = renderOptions;
        const thread = worker ? threadFor(routeData, workerRoutes, renderOptions.collectMetadata) : 'main';
        const onMain = () => renderOnMain(request, renderOptions);
        const rendered = await (thread === 'worker' ? lanes.worker<Rendered>(() => renderOnWorker(request, routeData), onMain) : lanes.main(onMain));
        const response = rendered instanceof Response ? rendered : rendered.response;
        const isHtml = response.headers.get('content-type')?.startsWith('text/html') ?? false;
        if (onPage && isHtml && response.body !== null) {
          // Settled responses are buffered, so reading a clone costs a copy, not a render.
          const html = decoder.decode(await response.clone().arrayBuffer());
          order.settle(ticket, { url: new URL(request.url).pathname, html });
        } else {
          order.settle(ticket, undefined);
        }
        return rendered;
      } catch (error) {
        order.settle(ticket, undefined);
        throw error;
      }
    },
    async teardown() {
      try {
        // A worker that could not start has already failed each of its pages with the reason.
        const started = await worker?.catch(() => undefined);
        if (started) {
          try {
            mergeReferencedImages(await started.referencedImages());
          } finally {
            await started.close();
          }
        }
      } finally {
        await fallback.teardown?.();
      }
      for (const route of tally.routes()) logger.info(formatRouteTally(route));
      logger.info(`Prerendered ${tally.summary()}`);
    },
  };
}
