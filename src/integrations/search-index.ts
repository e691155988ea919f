/**
 * Builds the Pagefind search index from the written pages. Pages opt in with
 * data-pagefind-body, so only tips and issues are searchable. Pagefind starts as soon as the
 * pages are written (astro:build:generated) and indexes in its own process while the other
 * integrations write the sitemap and the emails; the build waits for it in astro:build:done
 * and fails if it does (src/search/pagefind.fs.ts).
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { indexSite, pagefindCommand, SearchIndexError } from '../search/pagefind.fs.ts';

export function searchIndex(): AstroIntegration {
  let root = '';
  let indexing: Promise<number> | undefined;
  return {
    name: 'tip-of-the-week:search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:generated': ({ dir }) => {
        indexing = indexSite(fileURLToPath(dir), pagefindCommand(root));
        // Awaited in astro:build:done; this only keeps a failure from counting as unhandled before then.
        indexing.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          const pages = await (indexing ?? indexSite(fileURLToPath(dir), pagefindCommand(root)));
          logger.info(`Search index: ${pages} pages.`);
        } catch (error) {
          if (error instanceof SearchIndexError) throw new AstroError(error.message, 'Fix what Pagefind reports, then build again.');
          throw error;
        } finally {
          indexing = undefined;
        }
      },
    },
  };
}
