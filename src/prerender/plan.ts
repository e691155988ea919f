/**
 * The pure parts of prerendering on two threads (src/integrations/parallel-prerender.ts):
 * which thread renders a route, a lane that runs one task at a time, a buffer that hands
 * results on in the order they were asked for, and the per-route tally the build prints.
 */

export type Thread = 'main' | 'worker';

/** A route as Astro's prerenderer sees it: its pattern and the file that renders it. */
export interface RouteRef {
  route: string;
  component: string;
}

/**
 * Where a route renders: on the worker when its component is listed, never when the
 * render must collect incremental-build metadata (only the main thread can).
 */
export function threadFor(route: RouteRef, workerRoutes: ReadonlySet<string>, collectMetadata = false): Thread {
  return !collectMetadata && workerRoutes.has(route.component) ? 'worker' : 'main';
}

/**
 * Worker routes that name no route of the site: a page renamed or removed would otherwise
 * silently move back to the main thread.
 */
export function unknownWorkerRoutes(workerRoutes: Iterable<string>, components: Iterable<string>): string[] {
  const known = new Set(components);
  return [...workerRoutes].filter((component) => !known.has(component));
}

/** Runs the tasks given to it one after another, in the order they were given. */
export class SerialLane {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => {});
    return result;
  }
}

interface Stealable {
  onWorker: () => Promise<unknown>;
  onMain: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Two lanes: the main thread's runs one task at a time; the worker's keeps up to `window`
 * tasks in flight on the worker and the rest waiting. Whenever the main lane has nothing of
 * its own left, it takes the last waiting worker task and runs it itself (work stealing), so
 * neither thread sits idle while the other has a queue: the worker's queue drains from the
 * front, the main thread's share from the back.
 */
export class TwoLanes {
  readonly #window: number;
  readonly #main = new SerialLane();
  readonly #waiting: Stealable[] = [];
  #inFlight = 0;
  #mainTasks = 0;

  constructor(window: number) {
    this.#window = window;
  }

  main<T>(task: () => Promise<T>): Promise<T> {
    this.#mainTasks += 1;
    // Each task starts from the event loop: a page that renders without real I/O runs on
    // microtasks alone, and back to back they would keep the worker's answers (messages,
    // which wait for the event loop) from being read until the main thread ran out of work.
    const result = this.#main.run(() => new Promise<void>((resolve) => setImmediate(resolve)).then(task));
    const done = () => {
      this.#mainTasks -= 1;
      this.#steal();
    };
    result.then(done, done);
    return result;
  }

  /** A task for the worker (`onWorker`), which the main thread may run instead (`onMain`). */
  worker<T>(onWorker: () => Promise<T>, onMain: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ onWorker, onMain, resolve: resolve as (value: unknown) => void, reject });
      this.#pump();
      this.#steal();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#window && this.#waiting.length > 0) {
      const task = this.#waiting.shift()!;
      this.#inFlight += 1;
      task.onWorker().then(task.resolve, task.reject).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
  }

  #steal(): void {
    if (this.#mainTasks > 0 || this.#waiting.length === 0) return;
    const task = this.#waiting.pop()!;
    this.main(task.onMain).then(task.resolve, task.reject);
  }
}

/**
 * Hands values on in ticket order, whatever order they arrive in: `ticket()` when a task
 * starts, `settle(ticket, value)` when it ends (`undefined` when there is nothing to pass on).
 */
export class InOrder<T> {
  readonly #emit: (value: T) => void;
  readonly #waiting = new Map<number, T | undefined>();
  #issued = 0;
  #next = 0;

  constructor(emit: (value: T) => void) {
    this.#emit = emit;
  }

  ticket(): number {
    return this.#issued++;
  }

  settle(ticket: number, value: T | undefined): void {
    this.#waiting.set(ticket, value);
    while (this.#waiting.has(this.#next)) {
      const ready = this.#waiting.get(this.#next);
      this.#waiting.delete(this.#next);
      this.#next += 1;
      if (ready !== undefined) this.#emit(ready);
    }
  }

  /** Tickets issued but not settled yet. */
  get pending(): number {
    return this.#issued - this.#next;
  }
}

export interface RouteTally {
  component: string;
  thread: Thread;
  pages: number;
  millis: number;
}

/** Pages and render time per route, for the build log. */
export class RenderTally {
  readonly #routes = new Map<string, RouteTally>();

  add(component: string, thread: Thread, millis: number): void {
    const key = `${thread} ${component}`;
    const entry = this.#routes.get(key) ?? { component, thread, pages: 0, millis: 0 };
    entry.pages += 1;
    entry.millis += millis;
    this.#routes.set(key, entry);
  }

  /** Slowest first. */
  routes(): RouteTally[] {
    return [...this.#routes.values()].sort((a, b) => b.millis - a.millis || a.component.localeCompare(b.component));
  }

  summary(): string {
    const on = (thread: Thread) => this.routes().filter((r) => r.thread === thread).reduce((n, r) => n + r.pages, 0);
    return `${on('main') + on('worker')} pages: ${on('main')} on the main thread, ${on('worker')} on the worker thread.`;
  }
}

/** One line per route, e.g. `src/pages/tips/[slug].astro: 1000 pages in 2.31 s (worker)`. */
export function formatRouteTally({ component, thread, pages, millis }: RouteTally): string {
  return `${component}: ${pages} ${pages === 1 ? 'page' : 'pages'} in ${(millis / 1000).toFixed(2)} s (${thread})`;
}
