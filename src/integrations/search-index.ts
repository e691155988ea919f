/**
 * Builds the Pagefind search index. Pages opt in with data-pagefind-body, so only tips and
 * issues are searchable.
 *
 * Pagefind indexes in its own process. The parallel-prerender integration hands every page
 * to `addPage` as soon as it is rendered, in the order Astro asked for them (so the index is
 * the same from one build to the next), and Pagefind reads them while the rest of the site
 * renders; once the pages are written (astro:build:generated) it writes its files while this
 * process writes the sitemap and the emails. Without pages handed over (the integration left
 * out, or no page opting in), it indexes the written site folder instead.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import type { PrerenderedPage } from '../prerender/parallel-prerenderer.fs.ts';

type PagefindIndex = NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>;

async function createIndex(): Promise<PagefindIndex> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  return index;
}

/** Indexes the pages handed to it, or the whole folder if none were, and writes the index. */
class SearchIndexBuild {
  #index: Promise<PagefindIndex> | undefined;
  readonly #added: Promise<string[]>[] = [];

  add({ url, html }: PrerenderedPage): void {
    if (!html.includes('data-pagefind-body')) return;
    this.#index ??= createIndex();
    const added = this.#index.then((index) => index.addHTMLFile({ url, content: html })).then(({ errors }) => errors);
    // Awaited in write(); this only keeps a failure from counting as unhandled before then.
    added.catch(() => {});
    this.#added.push(added);
  }

  async write(outDir: string): Promise<number> {
    let pageCount = this.#added.length;
    if (!this.#index) {
      this.#index = createIndex();
      const added = await (await this.#index).addDirectory({ path: outDir });
      if (added.errors.length) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
      pageCount = added.page_count;
    }
    const errors = (await Promise.all(this.#added)).flat();
    if (errors.length) throw new Error(`Pagefind could not index a page: ${errors.join('; ')}`);
    const written = await (await this.#index).writeFiles({ outputPath: `${outDir}/pagefind` });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return pageCount;
  }
}

export type SearchIndexIntegration = AstroIntegration & {
  /** Hands one rendered HTML page to the index (the parallel-prerender integration's onPage). */
  addPage(page: PrerenderedPage): void;
};

export function searchIndex(): SearchIndexIntegration {
  let build = new SearchIndexBuild();
  let writing: Promise<number> | undefined;
  return {
    name: 'tip-of-the-week:search-index',
    addPage: (page) => build.add(page),
    hooks: {
      'astro:build:start': () => {
        build = new SearchIndexBuild();
        writing = undefined;
      },
      'astro:build:generated': ({ dir }) => {
        writing = build.write(fileURLToPath(dir));
        // Awaited in astro:build:done; this only keeps a failure from counting as unhandled before then.
        writing.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          const pageCount = await (writing ?? build.write(fileURLToPath(dir)));
          logger.info(`Search index: ${pageCount} pages.`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
