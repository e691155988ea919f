/**
 * Builds the Pagefind search index. Pages opt in with data-pagefind-body, so only tips and
 * issues are searchable.
 *
 * Pagefind indexes in its own process, fed by a worker thread (src/search/). The
 * parallel-prerender integration hands every page to `addPage` as soon as it is rendered, in
 * the order Astro asked for them (so the index is the same from one build to the next); the
 * searchable ones are trimmed to what Pagefind reads (searchable-html.ts) and posted to the
 * worker, which passes them on to Pagefind while the rest of the site renders. Once the pages
 * are written (astro:build:generated) Pagefind writes its files while this process writes the
 * sitemap and the emails. Without pages handed over (the integration left out, or no page
 * opting in), it indexes the written site folder instead.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { PrerenderedPage } from '../prerender/parallel-prerenderer.fs.ts';
import { SearchIndexThread } from '../search/search-index-thread.fs.ts';
import { searchableHtml } from '../search/searchable-html.ts';

export type SearchIndexIntegration = AstroIntegration & {
  /** Hands one rendered HTML page to the index (the parallel-prerender integration's onPage). */
  addPage(page: PrerenderedPage): void;
};

export interface SearchIndexOptions {
  /** Give Pagefind every searchable page whole instead of trimmed (TOTW_SEARCH_WHOLE_PAGES=1: the build test's reference). */
  wholePages?: boolean;
}

export function searchIndex({ wholePages = false }: SearchIndexOptions = {}): SearchIndexIntegration {
  let thread: SearchIndexThread | undefined;
  let writing: Promise<number> | undefined;
  let trimmed = 0;
  return {
    name: 'tip-of-the-week:search-index',
    addPage: ({ url, html }) => {
      const searchable = searchableHtml(html);
      if (searchable === undefined || !thread) return;
      if (wholePages || searchable === html) thread.add({ url, html });
      else {
        thread.add({ url, html: searchable });
        trimmed += 1;
      }
    },
    hooks: {
      'astro:build:start': () => {
        thread = new SearchIndexThread();
        writing = undefined;
        trimmed = 0;
      },
      'astro:build:generated': ({ dir }) => {
        writing = thread?.write(fileURLToPath(dir));
        // Awaited in astro:build:done; this only keeps a failure from counting as unhandled before then.
        writing?.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          const pageCount = await (writing ?? thread?.write(fileURLToPath(dir)));
          logger.info(`Search index: ${pageCount} pages${trimmed ? ` (${trimmed} given to Pagefind as their searchable part alone)` : ''}.`);
        } finally {
          await thread?.close();
        }
      },
    },
  };
}
