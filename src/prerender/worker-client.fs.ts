/**
 * The main thread's side of the prerender worker (worker.ts): starts it, sends it pages to
 * render and turns its answers back into Responses. If the worker dies, every page it still
 * owed fails with the reason, so the build stops with a message instead of hanging.
 */
import { Worker } from 'node:worker_threads';
import { PendingReplies } from '../lib/pending-replies.ts';
import { BUILD_WORKER_LIMITS } from '../lib/worker-limits.ts';
import { answerImage } from './images.ts';
import { errorFrom, type FromWorker, type RenderedPage, type WorkerSetup } from './protocol.ts';

export type WorkerLog = Extract<FromWorker, { log: unknown }>['log'];

export class PrerenderWorker {
  readonly #worker: Worker;
  readonly #replies = new PendingReplies<RenderedPage>();
  #stopped: Error | undefined;
  #collected: { resolve: (paths: string[]) => void; reject: (error: Error) => void } | undefined;

  private constructor(worker: Worker, setup: WorkerSetup, onLog: (log: WorkerLog) => void) {
    this.#worker = worker;
    worker.on('message', (message: FromWorker) => {
      if ('log' in message) return onLog(message.log);
      if ('image' in message) return answerImage(setup.images!, message.image);
      if ('referencedImages' in message) return this.#collected?.resolve(message.referencedImages);
      if (!('id' in message)) return;
      if ('page' in message) this.#replies.resolve(message.id, message.page);
      else this.#replies.reject(message.id, errorFrom(message.error));
    });
    worker.on('error', (error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`The prerender worker thread exited (code ${code}).`)));
  }

  /** Starts the worker and waits until it has loaded the prerender bundle. */
  static start(setup: WorkerSetup, onLog: (log: WorkerLog) => void): Promise<PrerenderWorker> {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: setup, resourceLimits: BUILD_WORKER_LIMITS });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        void worker.terminate();
        reject(error);
      };
      const exited = (code: number) => failed(new Error(`The prerender worker thread exited while starting (code ${code}).`));
      const onMessage = (message: FromWorker) => {
        if ('ready' in message) {
          worker.off('error', failed);
          worker.off('exit', exited);
          worker.off('message', onMessage);
          resolve(new PrerenderWorker(worker, setup, onLog));
        } else if ('startupError' in message) {
          failed(errorFrom(message.startupError));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', failed);
      worker.once('exit', exited);
    });
  }

  render(url: string, route: { route: string; component: string }): Promise<RenderedPage> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const { id, reply } = this.#replies.open();
    this.#worker.postMessage({ id, url, route: route.route, component: route.component });
    return reply;
  }

  /** The images the worker's pages referenced without a transform, once it has rendered all it was sent. */
  referencedImages(): Promise<string[]> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise((resolve, reject) => {
      this.#collected = { resolve, reject };
      this.#worker.postMessage({ collect: true });
    });
  }

  async close(): Promise<void> {
    this.#stopped ??= new Error('The prerender worker thread was closed.');
    await this.#worker.terminate();
  }

  #stop(reason: Error): void {
    this.#stopped ??= reason;
    this.#replies.rejectAll(this.#stopped);
    this.#collected?.reject(this.#stopped);
  }
}
