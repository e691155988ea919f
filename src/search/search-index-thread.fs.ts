/**
 * The main thread's side of the search-index worker (search-index-worker.ts): pages are
 * posted to it as they are rendered and the index is written on request. If the worker
 * cannot start or dies, `write()` fails with the reason, so the build stops instead of
 * hanging or shipping without a search index.
 */
import { Worker } from 'node:worker_threads';
import { PendingReplies } from '../lib/pending-replies.ts';
import type { PrerenderedPage } from '../prerender/parallel-prerenderer.fs.ts';

export class SearchIndexThread {
  readonly #worker: Worker;
  readonly #replies = new PendingReplies<number>();
  #failure: Error | undefined;
  #pages = 0;

  constructor() {
    this.#worker = new Worker(new URL('./search-index-worker.ts', import.meta.url));
    this.#worker.on('message', (message: { id: number; written: number } | { id: number; error: string }) => {
      if ('written' in message) this.#replies.resolve(message.id, message.written);
      else this.#replies.reject(message.id, new Error(message.error));
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => this.#fail(new Error(`The search-index worker thread exited (code ${code}).`)));
    // A build that fails before asking for the index must still exit; write() holds the process while it waits.
    this.#worker.unref();
  }

  /** Pages posted so far. */
  get pages(): number {
    return this.#pages;
  }

  add(page: PrerenderedPage): void {
    if (this.#failure) return;
    this.#pages += 1;
    this.#worker.postMessage({ add: { url: page.url, html: page.html } });
  }

  /** Writes the index to `<outDir>/pagefind`; resolves with its page count. */
  write(outDir: string): Promise<number> {
    if (this.#failure) return Promise.reject(this.#failure);
    this.#worker.ref();
    const { id, reply } = this.#replies.open();
    this.#worker.postMessage({ id, write: outDir });
    return reply.finally(() => this.#worker.unref());
  }

  async close(): Promise<void> {
    this.#failure ??= new Error('The search-index worker thread was closed.');
    await this.#worker.terminate();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#replies.rejectAll(this.#failure);
  }
}
