/**
 * One build's Pagefind index: pages added one by one (in the order given, so the index is the
 * same from one build to the next), then written under the site folder. Pagefind indexes in
 * its own process; this runs on the search-index worker thread (search-index-worker.ts).
 * Without any page added, it indexes the written site folder instead.
 */
import * as pagefind from 'pagefind';
import type { PrerenderedPage } from '../prerender/parallel-prerenderer.fs.ts';

type PagefindIndex = NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>;

async function createIndex(): Promise<PagefindIndex> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  return index;
}

export class SearchIndexBuild {
  #index: Promise<PagefindIndex> | undefined;
  readonly #added: Promise<string[]>[] = [];

  add({ url, html }: PrerenderedPage): void {
    this.#index ??= createIndex();
    const added = this.#index.then((index) => index.addHTMLFile({ url, content: html })).then(({ errors }) => errors);
    // Awaited in write(); this only keeps a failure from counting as unhandled before then.
    added.catch(() => {});
    this.#added.push(added);
  }

  /** Writes the index to `<outDir>/pagefind`; resolves with the number of pages in it. */
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

/** Stops Pagefind's process. */
export const closePagefind = (): Promise<unknown> => pagefind.close();
