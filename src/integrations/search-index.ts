/**
 * Builds the Pagefind search index over the finished site. Pages opt in with
 * data-pagefind-body, so only tips and issues are searchable.
 *
 * Indexing starts as soon as the pages are written (astro:build:generated) and is awaited
 * at the end (astro:build:done): Pagefind works in its own process, so it reads and indexes
 * the pages on the second core while this process writes the sitemap and checks the emails.
 * The email-artifacts integration, listed before this one, has by then moved the emails out
 * of the site folder, so Pagefind sees exactly the files it would see at the end.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

async function indexPages(outDir: string) {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
  return { index, pageCount: added.page_count };
}

export function searchIndex(): AstroIntegration {
  let indexing: Promise<Awaited<ReturnType<typeof indexPages>>> | undefined;
  return {
    name: 'tip-of-the-week:search-index',
    hooks: {
      'astro:build:generated': ({ dir }) => {
        indexing = indexPages(fileURLToPath(dir));
        // Awaited in astro:build:done; this only keeps a failure from counting as unhandled before then.
        indexing.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const { index, pageCount } = await (indexing ?? indexPages(outDir));
        const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
        if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`Search index: ${pageCount} pages.`);
      },
    },
  };
}
