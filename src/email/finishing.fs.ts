/**
 * The build's email finishing: each email the manifest route submits goes to a worker thread
 * (one per spare core), which inlines its CSS, derives the text part and checks it, while the
 * main thread goes on rendering pages. The caches in build/cache/ are applied on the way in
 * (a document finished by the last build is not finished again; parts checked by the last
 * build are not checked again) and written for the next build at the end.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PendingReplies } from '../lib/pending-replies.ts';
import { BUILD_WORKER_LIMITS } from '../lib/worker-limits.ts';
import { checkerFingerprint, readCheckResults, writeCheckResults } from './check-cache.fs.ts';
import { checkKey, type CheckResults } from './check-cache.ts';
import { finalizeFingerprint, readFinishedEmails, writeFinishedEmails } from './finalize-cache.fs.ts';
import { finalizeKey, type FinishedEmail } from './finalize-cache.ts';
import type { FinishRequest, FinishResult } from './finish-job.ts';
import type { EmailFinisher, EmailJob } from './finisher.ts';

export interface FinishingOptions {
  /** The project root: where build/cache/ and src/email/finish-worker.ts are. */
  root: string;
  /** Reuse what earlier builds finished and checked (false: TOTW_NO_CACHE=1). */
  cache: boolean;
  workers?: number;
}

export interface FinishingOutcome {
  /** By the HTML file name each email was submitted under. */
  results: Map<string, FinishResult>;
  /** Emails whose finished parts came from the last build. */
  finishedReused: number;
  /** Emails whose check results came from the last build. */
  checksReused: number;
}

interface Done {
  result: FinishResult;
  finishKey: string;
  finishReused: boolean;
}

export class EmailFinishing implements EmailFinisher {
  readonly #root: string;
  readonly #checker: string;
  readonly #finalizeFingerprint: string;
  readonly #previousFinished: Map<string, FinishedEmail>;
  readonly #previousChecks: CheckResults;
  readonly #size: number;
  readonly #workers: Worker[] = [];
  readonly #replies = new PendingReplies<FinishResult>();
  readonly #pending = new Map<string, Promise<Done>>();
  #failure: Error | undefined;

  constructor({ root, cache, workers }: FinishingOptions) {
    this.#root = root;
    this.#checker = checkerFingerprint(root);
    this.#finalizeFingerprint = finalizeFingerprint(root);
    this.#previousFinished = cache ? readFinishedEmails(root, this.#finalizeFingerprint) : new Map();
    this.#previousChecks = cache ? readCheckResults(root) : {};
    this.#size = workers ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  }

  submit(file: string, job: EmailJob): void {
    const finishKey = finalizeKey(job.raw, job.siteUrl);
    const finished = this.#previousFinished.get(finishKey);
    const done = this.#run({ ...job, finished }).then((result) => ({ result, finishKey, finishReused: finished !== undefined }));
    // Collected (and any failure reported) by finish(); until then a failure must not count as unhandled.
    done.catch(() => undefined);
    this.#pending.set(file, done);
  }

  /** Waits for every submitted email, writes the caches for the next build and stops the workers. */
  async finish(): Promise<FinishingOutcome> {
    // The workers do not keep the process alive on their own (a failed build must still exit): this does, while we wait.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      const done = await Promise.all(
        [...this.#pending].map(([file, pending]) =>
          pending.then(
            (d) => [file, d] as const,
            (error: Error) => Promise.reject(new Error(`Finishing ${file} failed: ${error.message}`)),
          ),
        ),
      );
      const finished = new Map(done.map(([, d]) => [d.finishKey, { html: d.result.html, text: d.result.text }]));
      const checks: CheckResults = Object.fromEntries(done.map(([, d]) => [d.result.checkKey, d.result.problems]));
      writeFinishedEmails(this.#root, this.#finalizeFingerprint, finished);
      writeCheckResults(this.#root, checks);
      return {
        results: new Map(done.map(([file, d]) => [file, d.result])),
        finishedReused: done.filter(([, d]) => d.finishReused).length,
        checksReused: done.filter(([, d]) => d.result.checkReused).length,
      };
    } finally {
      clearInterval(keepAlive);
      await this.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.splice(0).map((w) => w.terminate()));
  }

  #run(request: FinishRequest): Promise<FinishResult> {
    // Finished and checked by the last build: nothing for a worker to do.
    if (request.finished && Object.hasOwn(this.#previousChecks, checkKey(this.#checker, { ...request.finished, pickUrls: request.pickUrls }))) {
      // Loaded only then: juice, html-to-text and caniemail take 0.2 s to load, and a cold build never needs them here.
      return import('./finish-job.ts').then(({ finishAndCheck }) => finishAndCheck(request, this.#checker, this.#previousChecks));
    }
    if (this.#failure) return Promise.reject(this.#failure);
    const { id, reply } = this.#replies.open();
    this.#worker(id).postMessage({ id, request });
    return reply;
  }

  /**
   * Starts the pool's workers now rather than at the first email. Called at build start: each
   * worker spends about 0.2 s of CPU loading juice, html-to-text and caniemail, which then
   * happens while Astro bundles (when a core is mostly idle) instead of while pages render.
   * Resolves when every worker is ready for emails.
   */
  start(): Promise<void> {
    const started: Promise<void>[] = [];
    while (this.#workers.length < this.#size) started.push(this.#spawn());
    return Promise.all(started).then(() => undefined);
  }

  /** The worker for request `id`: started on first use, up to the pool's size, then taken in turn. */
  #worker(id: number): Worker {
    if (this.#workers.length < this.#size) this.#spawn();
    return this.#workers[id % this.#workers.length]!;
  }

  /** Resolves once the worker has loaded its libraries; rejects if it cannot (and every request fails from then on). */
  #spawn(): Promise<void> {
    const worker = new Worker(join(this.#root, 'src/email/finish-worker.ts'), {
      workerData: { checker: this.#checker, previousChecks: this.#previousChecks },
      resourceLimits: BUILD_WORKER_LIMITS,
    });
    // A worker that cannot start or dies takes its queue with it: fail everything still waiting, and everything sent later.
    const fail = (error: Error) => {
      this.#failure ??= error;
      this.#replies.rejectAll(error);
    };
    const running = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { ready: true } | { id: number; result?: FinishResult; error?: string }) => {
        if ('ready' in message) resolve();
        else if (message.error !== undefined) this.#replies.reject(message.id, new Error(message.error));
        else this.#replies.resolve(message.id, message.result!);
      });
      worker.on('error', (error) => {
        fail(error);
        reject(error);
      });
      worker.on('exit', (code) => {
        const stopped = new Error(`the email finishing worker stopped (exit code ${code})`);
        if (code !== 0) fail(stopped);
        reject(stopped);
      });
    });
    worker.unref();
    this.#workers.push(worker);
    // Awaited by start(); a worker started for a request reports through that request instead.
    running.catch(() => {});
    return running;
  }
}
