/**
 * Prerenders on two threads: the pages of `workerRoutes` render on a worker thread while the
 * main thread renders the others (src/prerender/parallel-prerenderer.fs.ts). On a machine
 * with two cores or fewer, or if the worker cannot start, every page renders on the main thread.
 *
 * Why not on two cores: while pages render, the email-finishing worker and Pagefind's indexer
 * already keep the second core busy, so a second rendering thread only adds the cost of loading
 * the bundle and compiling Astro's renderer twice. Measured on the 2-core reference machine
 * once the content chunks were grouped (content-chunks.ts): the same time at 1,000 tips
 * (10.2-10.8 s either way), 1.5 s slower and 100-400 MiB more at 4,000 (docs/benchmarks.md).
 *
 * Routes that share work belong on the same thread: the tip pages and the tag feeds both
 * reuse each tip's rendered HTML (src/feeds/tip-html.ts), which is cached per thread. The
 * email routes stay on the main thread, where the email-artifacts integration collects them.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { parallelPrerenderer, type PrerenderedPage } from '../prerender/parallel-prerenderer.fs.ts';
import { unknownWorkerRoutes } from '../prerender/plan.ts';

export interface ParallelPrerenderOptions {
  /** Page components (project-relative) rendered on the worker thread, e.g. src/pages/tips/[slug].astro. */
  workerRoutes: string[];
  /** Receives every prerendered HTML page, in the order Astro asked for them. */
  onPage?: (page: PrerenderedPage) => void;
  /** Worker on or off; default: on when the machine has more than two cores. */
  enabled?: boolean;
}

/** Astro asks the prerenderer for every page at once; the prerenderer queues them per thread. */
const EVERY_PAGE_AT_ONCE = 1_000_000;

export function parallelPrerender({ workerRoutes, onPage, enabled = availableParallelism() > 2 }: ParallelPrerenderOptions): AstroIntegration {
  let prerenderDir = '';
  let pages: ReadonlyMap<string, { styles: unknown[] }> | undefined;
  return {
    name: 'tip-of-the-week:parallel-prerender',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command === 'build') updateConfig({ build: { concurrency: EVERY_PAGE_AT_ONCE } });
      },
      'astro:config:done': ({ config }) => {
        prerenderDir = join(fileURLToPath(config.build.server), '.prerender');
      },
      'astro:routes:resolved': ({ routes }) => {
        const unknown = unknownWorkerRoutes(workerRoutes, routes.map((route) => route.entrypoint));
        if (unknown.length) {
          throw new AstroError(
            `parallelPrerender: no page is rendered by ${unknown.join(', ')}.`,
            'Update workerRoutes in astro.config.mjs to the page files that exist under src/pages/.',
          );
        }
      },
      'astro:build:setup': ({ pages: buildPages, updateConfig }) => {
        pages = buildPages as ReadonlyMap<string, { styles: unknown[] }>;
        // With a custom prerenderer Astro leaves out its default prerender entry; ours wraps the default.
        updateConfig({ environments: { prerender: { build: { rolldownOptions: { input: 'astro/entrypoints/prerender' } } } } });
      },
      'astro:build:start': ({ setPrerenderer, logger }) => {
        setPrerenderer((fallback) =>
          parallelPrerenderer(fallback, {
            prerenderDir,
            pages: () => pages ?? new Map(),
            workerRoutes: new Set(enabled ? workerRoutes : []),
            onPage,
            logger,
          }),
        );
      },
    },
  };
}
